import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, errorMessage } from '../../api/client';
import type { IncidentView } from '../types';

/** JSON and STIX 2.1 exports of the caller's view, and the printable page. */
export function ExportButtons({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'json' | 'stix' | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function exportAs(format: 'json' | 'stix') {
    if (busy) return;
    setBusy(format);
    setError(null);
    try {
      await downloadFile(`/api/incidents/${encodeURIComponent(view.id)}/export?format=${format}`, `${view.reference}.${format === 'stix' ? 'stix.json' : 'json'}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="export">
      <div className="button-row">
        <button type="button" className="button" aria-busy={busy === 'json'} onClick={() => void exportAs('json')}>
          {t('incidents.export.json')}
        </button>
        <button type="button" className="button" aria-busy={busy === 'stix'} onClick={() => void exportAs('stix')}>
          {t('incidents.export.stix')}
        </button>
        {/* A real link: the printable page opens in a new tab, without the dashboard around it. */}
        <a className="button" href={`/incidents/${encodeURIComponent(view.id)}/print`} target="_blank" rel="noopener">
          {t('incidents.export.print')}
          <span className="visually-hidden">{t('incidents.export.newTab')}</span>
        </a>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}
