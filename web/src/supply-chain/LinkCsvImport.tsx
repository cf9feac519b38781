import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, errorMessage } from '../api/client';
import { csvText } from '../assets/csvText';
import { ImportErrors } from '../assets/ImportErrors';
import { UploadProgress } from '../ui/UploadProgress';
import { useUploadProgress } from '../ui/useUploadProgress';
import { useImportLinks } from './api';

/** Many suppliers at once from the CSV template: all rows or none, each bad row named with its line and column. */
export function LinkCsvImport() {
  const { t } = useTranslation();
  const progress = useUploadProgress();
  const run = useImportLinks(progress.listener);
  const [file, setFile] = useState<File | null>(null);
  const [downloadError, setDownloadError] = useState('');
  const [unreadable, setUnreadable] = useState(false);

  async function template() {
    setDownloadError('');
    try {
      await downloadFile('/api/supply-chain/links/import-template.csv', 'renkei-suppliers-template.csv');
    } catch (e) {
      setDownloadError(errorMessage(e));
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || run.isPending) return;
    // Not file.text(): that reads Excel's Shift_JIS as UTF-8 and garbles every Japanese name before the server sees it.
    const text = csvText(await file.arrayBuffer());
    setUnreadable(text === null);
    if (text !== null) run.mutate(text);
  }

  return (
    <section className="card" aria-labelledby="links-csv">
      <h2 id="links-csv">{t('supplyChain.csv.title')}</h2>
      <p>{t('supplyChain.csv.intro')}</p>
      <p>
        <button type="button" className="button" onClick={() => void template()}>{t('supplyChain.csv.template')}</button>
      </p>
      {downloadError && <p className="field-error" role="alert">{downloadError}</p>}
      <form onSubmit={(e) => void submit(e)} className="inline-form">
        <div className="field">
          <label htmlFor="links-csv-file">{t('supplyChain.csv.file')}</label>
          <p id="links-csv-hint" className="field-hint">{t('supplyChain.csv.hint')}</p>
          <input
            id="links-csv-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="links-csv-hint"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setUnreadable(false);
              run.reset();
            }}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={!file} aria-busy={run.isPending}>{t('supplyChain.csv.submit')}</button>
      </form>
      {unreadable && <p className="alert alert-error" role="alert">{t('supplyChain.csv.encodingUnreadable')}</p>}
      <UploadProgress state={progress.state} active={run.isPending} />
      {run.isError && <ImportErrors error={run.error} kind="csv" />}
      {run.data && (
        <p className="alert alert-info" role="status">{t('supplyChain.csv.done', { count: run.data.imported })}</p>
      )}
    </section>
  );
}
