import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { currentLanguage } from '../../i18n';
import { SelectField } from '../../ui/SelectField';
import { UploadProgress } from '../../ui/UploadProgress';
import { useUploadProgress } from '../../ui/useUploadProgress';
import { useIngestBundle } from '../api';
import { collectionTitle } from '../labels';
import type { Clearance, IngestResult, IntelCollection } from '../types';
import { IngestErrors, IngestResultView } from './IngestResultView';

const CLEARANCES: Clearance[] = ['none', 'cei', 'sds'];

/**
 * A STIX 2.1 bundle (a file, or pasted JSON) into a collection the viewer may write. Each object is
 * judged on its own: the good ones are stored, the bad ones listed with the STIX path and reason.
 */
export function UploadBundle({ collections }: { collections: IntelCollection[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const me = useMe();
  const progress = useUploadProgress();
  const ingest = useIngestBundle(progress.listener);
  // The organisation's own collection first: sharing wider is a choice, never the default.
  const [collection, setCollection] = useState((collections.find((c) => c.kind === 'org') ?? collections[0])?.id ?? '');
  const [clearance, setClearance] = useState<Clearance>('none');
  const [nameReporter, setNameReporter] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [readError, setReadError] = useState('');
  const [result, setResult] = useState<IngestResult | null>(null);
  const [wrapped, setWrapped] = useState(0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (ingest.isPending) return;
    setReadError('');
    setResult(null);
    setWrapped(0);
    const text = file ? await file.text() : pasted;
    if (text.trim() === '') {
      setReadError(t('intel.upload.nothing'));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setReadError(file ? t('intel.upload.notJson', { name: file.name }) : t('intel.upload.pastedNotJson'));
      return;
    }
    // One STIX object, or a list of them, is what people copy from an object page or a feed: it goes
    // in a bundle of its own rather than failing with "objects: required".
    const loose = Array.isArray(parsed) ? parsed : isStixObject(parsed) ? [parsed] : null;
    const bundleText = loose ? JSON.stringify({ type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects: loose }) : text;
    if (loose) setWrapped(loose.length);
    ingest.mutate({ collection, clearance, nameReporter, bundleText }, { onSuccess: setResult });
  }

  const chosen = collections.find((c) => c.id === collection);
  return (
    <section className="card" aria-labelledby="upload-bundle">
      <h2 id="upload-bundle">{t('intel.upload.title')}</h2>
      <p>{t('intel.upload.intro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <SelectField
            id="upload-collection"
            label={t('intel.upload.collection')}
            value={collection}
            onChange={setCollection}
            options={collections.map((c) => ({ value: c.id, label: `${collectionTitle(c.title, lang)}（${t(`intel.collections.kinds.${c.kind}`)}）` }))}
          />
          <SelectField
            id="upload-clearance"
            label={t('intel.upload.clearance')}
            hint={t('intel.upload.clearanceHint', { floor: t(`clearance.${chosen?.clearance ?? 'none'}`) })}
            value={clearance}
            onChange={(v) => setClearance(v as Clearance)}
            // Only what the user holds: requiring more would lock the user out of what it shares.
            options={CLEARANCES.filter((c) => CLEARANCES.indexOf(c) <= CLEARANCES.indexOf(me.clearance)).map((c) => ({ value: c, label: t(`clearance.${c}`) }))}
          />
        </div>
        <div className="check">
          <input id="upload-name" type="checkbox" checked={nameReporter} onChange={(e) => setNameReporter(e.target.checked)} />
          <label htmlFor="upload-name">
            {t('intel.upload.nameReporter')}
            <span className="check-hint muted-inline">{t('intel.upload.nameReporterHint')}</span>
          </label>
        </div>
        <div className="field">
          <label htmlFor="upload-file">{t('intel.upload.file')}</label>
          <input id="upload-file" type="file" accept=".json,application/json,application/stix+json" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setReadError(''); ingest.reset(); }} />
        </div>
        <div className="field">
          <label htmlFor="upload-paste">{t('intel.upload.pasteLabel')}</label>
          <p id="upload-paste-hint" className="field-hint">{t('intel.upload.pasteHint')}</p>
          <textarea id="upload-paste" className="bundle-text" value={pasted} aria-describedby="upload-paste-hint" disabled={file !== null} onChange={(e) => setPasted(e.target.value)} />
        </div>
        <button type="submit" className="button button-primary" aria-busy={ingest.isPending}>{t('intel.upload.submit')}</button>
      </form>
      <UploadProgress state={progress.state} active={ingest.isPending} />
      <div aria-live="polite">
        {readError && <p className="alert alert-error" role="alert">{readError}</p>}
        {ingest.isError && <IngestErrors error={ingest.error} />}
        {result && wrapped > 0 && <p className="muted">{t('intel.upload.wrapped', { count: wrapped })}</p>}
        {result && <IngestResultView result={result} />}
      </div>
    </section>
  );
}

/** A single STIX object (anything typed but a bundle). */
function isStixObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && (v as { type: string }).type !== 'bundle';
}
