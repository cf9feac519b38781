import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useSetStatus } from '../api';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus } from '../types';

/** A recipient moves its delivery along: received → triaged → supporting → closed. */
export function StatusControl({ reportId, delivery }: { reportId: string; delivery: Delivery }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus(reportId);
  const [status, setLocal] = useState<DeliveryStatus>(delivery.status);
  const [done, setDone] = useState('');
  const id = `status-${delivery.id}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (setStatus.isPending) return;
    setDone('');
    setStatus.mutate({ deliveryId: delivery.id, status }, { onSuccess: () => setDone(t('incidents.delivery.statusSaved', { status: t(`incidents.statuses.${status}`) })) });
  }

  return (
    <form className="inline-form status-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>{t('incidents.delivery.setStatus')}</label>
        <select id={id} value={status} onChange={(e) => setLocal(e.target.value as DeliveryStatus)}>
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`incidents.statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" aria-busy={setStatus.isPending}>
        {t('incidents.delivery.saveStatus')}
      </button>
      <p role="status" className="muted">{done}</p>
      {setStatus.isError && <p className="field-error" role="alert">{errorMessage(setStatus.error)}</p>}
    </form>
  );
}
