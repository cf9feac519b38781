import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useDeleteAsset } from './api';
import type { Asset } from './types';

/** Delete with a second, explicit confirmation; the asset's notifications go with it. */
export function DeleteAsset({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const remove = useDeleteAsset();
  const [confirming, setConfirming] = useState(false);

  if (!confirming) {
    return (
      <button type="button" className="button button-small" aria-label={t('assets.list.deleteLabel', { name: asset.name })} onClick={() => setConfirming(true)}>
        {t('assets.list.delete')}
      </button>
    );
  }
  return (
    <div role="group" aria-label={t('assets.list.deleteLabel', { name: asset.name })} className="confirm-inline">
      <p>{t('assets.list.confirmDelete', { name: asset.name })}</p>
      <button type="button" className="button button-danger button-small" aria-busy={remove.isPending} onClick={() => remove.mutate(asset.id)}>
        {t('assets.list.confirmDeleteButton')}
      </button>
      <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
        {t('assets.list.cancel')}
      </button>
      {remove.isError && <p className="field-error" role="alert">{errorMessage(remove.error)}</p>}
    </div>
  );
}
