import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, errorMessage } from '../api/client';
import { UploadProgress } from '../ui/UploadProgress';
import { useUploadProgress } from '../ui/useUploadProgress';
import { useImportAssets } from './api';
import { csvText } from './csvText';
import { ImportErrors } from './ImportErrors';
import { ImportResultView } from './ImportResultView';

/** Bulk registration from the CSV template: all rows or none, re-importing the same file updates. */
export function CsvImport() {
  const { t } = useTranslation();
  const progress = useUploadProgress();
  const run = useImportAssets(progress.listener);
  const [file, setFile] = useState<File | null>(null);
  const [downloadError, setDownloadError] = useState('');
  const [unreadable, setUnreadable] = useState(false);

  async function template() {
    setDownloadError('');
    try {
      await downloadFile('/api/assets/import-template.csv', 'renkei-assets-template.csv');
    } catch (e) {
      setDownloadError(errorMessage(e));
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || run.isPending) return;
    // Not file.text(): that reads Excel's Shift_JIS as UTF-8 and garbles it before the server sees it.
    const text = csvText(await file.arrayBuffer());
    setUnreadable(text === null);
    if (text !== null) run.mutate({ text, kind: 'csv' });
  }

  return (
    <section className="card" aria-labelledby="import-csv">
      <h2 id="import-csv">{t('assets.import.csvTitle')}</h2>
      <p>{t('assets.import.csvIntro')}</p>
      <p>
        <button type="button" className="button" onClick={() => void template()}>{t('assets.import.template')}</button>
      </p>
      {downloadError && <p className="field-error" role="alert">{downloadError}</p>}
      <form onSubmit={(e) => void submit(e)} className="inline-form">
        <div className="field">
          <label htmlFor="import-csv-file">{t('assets.import.csvFile')}</label>
          <p id="import-csv-hint" className="field-hint">{t('assets.import.csvHint')}</p>
          <input
            id="import-csv-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="import-csv-hint"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setUnreadable(false);
              run.reset();
            }}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={!file} aria-busy={run.isPending}>{t('assets.import.csvSubmit')}</button>
      </form>
      {unreadable && <p className="alert alert-error" role="alert">{t('assets.import.encodingUnreadable')}</p>}
      <UploadProgress state={progress.state} active={run.isPending} />
      {run.isError && <ImportErrors error={run.error} kind="csv" />}
      {run.data && file && <ImportResultView result={run.data} fileName={file.name} />}
    </section>
  );
}
