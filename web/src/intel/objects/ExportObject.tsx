import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../api/client';
import { versionSegment } from '../api';
import type { ObjectPageData, StixObject } from '../types';
import { downloadJson, fileNameOf } from './download';

/**
 * Downloads of what the viewer may see: the latest version as JSON, or every visible version as a
 * STIX 2.1 bundle that imports back unchanged (each version exactly as stored).
 */
export function ExportObject({ data }: { data: ObjectPageData }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = data.object.id;

  async function bundle() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const objects = await Promise.all(
        data.versions.map(async (v) => (await api<{ object: StixObject }>('GET', `/api/intel/objects/${encodeURIComponent(id)}/versions/${encodeURIComponent(versionSegment(v))}`)).object),
      );
      downloadJson({ type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects }, fileNameOf(id, '.bundle.json'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export">
      <div className="button-row">
        <button type="button" className="button" onClick={() => downloadJson(data.object, fileNameOf(id, '.json'))}>
          {t('intel.object.downloadJson')}
        </button>
        <button type="button" className="button" aria-busy={busy} onClick={() => void bundle()}>
          {t('intel.object.downloadBundle', { count: data.versions.length })}
        </button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}
