import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { navigate } from '../../app/router';
import { UploadProgress } from '../../ui/UploadProgress';
import { useUploadProgress } from '../../ui/useUploadProgress';
import { useConvertStix, useSubmitStix } from '../api';
import { pathLabel } from './ErrorSummary';
import { fromReport, type FormState, type SharingState } from './model';

type Props = {
  /** A file holding the form's fields: fill the form with them for review. */
  onReport: (form: FormState, sharing: SharingState | null) => void;
  idempotencyKey: string;
};

type Loaded = { kind: 'form' } | { kind: 'stix'; text: string; name: string; objects: number } | { kind: 'error'; message: string };

/**
 * Upload instead of typing: a JSON file with the unified form's fields (as the API takes them) is
 * loaded into the form to be checked before filing; a STIX 2.1 bundle is filed as it is, since the
 * server converts it.
 */
export function UploadReport({ onReport, idempotencyKey }: Props) {
  const { t } = useTranslation();
  const progress = useUploadProgress();
  const stix = useSubmitStix(progress.listener);
  const convert = useConvertStix();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  async function read(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    stix.reset();
    convert.reset();
    if (!file) return;
    let value: unknown;
    const text = await file.text();
    try {
      value = JSON.parse(text);
    } catch {
      setLoaded({ kind: 'error', message: t('incidents.upload.notJson', { name: file.name }) });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      setLoaded({ kind: 'error', message: t('incidents.upload.unknown', { name: file.name }) });
      return;
    }
    const obj = value as Record<string, unknown>;
    if (obj.type === 'bundle' && Array.isArray(obj.objects)) {
      setLoaded({ kind: 'stix', text, name: file.name, objects: obj.objects.length });
      return;
    }
    // `{report, sharing}` as POST /api/incidents takes it, or the report's fields alone.
    const report = typeof obj.report === 'object' && obj.report !== null ? obj.report : obj;
    const sharing = typeof obj.sharing === 'object' && obj.sharing !== null ? (obj.sharing as Partial<SharingState>) : null;
    onReport(
      fromReport(report),
      sharing ? { optionalRegimes: Array.isArray(sharing.optionalRegimes) ? sharing.optionalRegimes.filter((c) => typeof c === 'string') : [], nameInIntel: sharing.nameInIntel === true } : null,
    );
    setLoaded({ kind: 'form' });
  }

  const failed = stix.error ?? convert.error;
  const fileErrors = failed instanceof ApiError ? failed.fields : [];

  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('incidents.upload.title')}</h2>
      <div className="field">
        <label htmlFor="report-file">{t('incidents.upload.label')}</label>
        <p id="report-file-hint" className="field-hint">{t('incidents.upload.hint')}</p>
        <input id="report-file" type="file" accept=".json,application/json,application/stix+json" aria-describedby="report-file-hint" onChange={(e) => void read(e)} />
      </div>
      <div role="status">
        {loaded?.kind === 'form' && <p className="alert alert-info">{t('incidents.upload.loaded')}</p>}
      </div>
      {loaded?.kind === 'error' && <p className="alert alert-error" role="alert">{loaded.message}</p>}
      {loaded?.kind === 'stix' && (
        <div className="alert alert-warning">
          <p>{t('incidents.upload.stixFound', { name: loaded.name, count: loaded.objects })}</p>
          <p>{t('incidents.upload.stixSharing')}</p>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              aria-busy={stix.isPending}
              onClick={() => {
                if (stix.isPending) return;
                stix.mutate({ text: loaded.text, idempotencyKey: `${idempotencyKey}-stix` }, { onSuccess: (r) => navigate(`/incidents/${r.id}?filed=1`) });
              }}
            >
              {t('incidents.upload.fileStix')}
            </button>
            <button
              type="button"
              className="button"
              aria-busy={convert.isPending}
              onClick={() => {
                if (convert.isPending) return;
                // Into the form: the reporter completes what STIX has no place for (business impact) and checks the rest.
                convert.mutate(loaded.text, {
                  onSuccess: (r) => {
                    onReport(fromReport(r.report), null);
                    setLoaded({ kind: 'form' });
                  },
                });
              }}
            >
              {t('incidents.upload.stixToForm')}
            </button>
            <button type="button" className="button" onClick={() => setLoaded(null)}>
              {t('tokens.cancel')}
            </button>
          </div>
          <UploadProgress state={progress.state} active={stix.isPending} />
        </div>
      )}
      {failed && (
        <div className="alert alert-error" role="alert">
          <p>{errorMessage(failed)}</p>
          {stix.isError && loaded?.kind === 'stix' && <p>{t('incidents.upload.stixToFormHint')}</p>}
          {fileErrors.length > 0 && (
            <ul>
              {fileErrors.map((f) => (
                <li key={f.path}>
                  {pathLabel(f.path)} (<code>{f.path}</code>): {f.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
