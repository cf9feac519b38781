import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UploadProgress } from '../ui/UploadProgress';
import { useUploadProgress } from '../ui/useUploadProgress';
import { useUploadAdvisory } from './api';
import { PublishErrors } from './PublishErrors';
import type { IngestResult } from './types';

type Props = { onPublished: (result: IngestResult) => void };

/** A CSAF 2.0, CVE JSON 5 or KEV catalogue file, sent as it is; the server recognises the format. */
export function UploadAdvisory({ onPublished }: Props) {
  const { t } = useTranslation();
  const progress = useUploadProgress();
  const publish = useUploadAdvisory(progress.listener);
  const [file, setFile] = useState<File | null>(null);
  const [readError, setReadError] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || publish.isPending) return;
    setReadError('');
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      setReadError(t('advisories.publish.notJson', { name: file.name }));
      return;
    }
    // Re-serialised without the file's indentation, as before, so a pretty-printed catalogue stays within the body limit.
    publish.mutate(JSON.stringify(doc), { onSuccess: onPublished });
  }

  return (
    <section className="card" aria-labelledby="publish-upload">
      <h2 id="publish-upload">{t('advisories.publish.uploadTitle')}</h2>
      <p>{t('advisories.publish.uploadIntro')}</p>
      <form className="inline-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="publish-file">{t('advisories.publish.file')}</label>
          <input
            id="publish-file"
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReadError('');
              publish.reset();
            }}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={!file} aria-busy={publish.isPending}>{t('advisories.publish.uploadSubmit')}</button>
      </form>
      <UploadProgress state={progress.state} active={publish.isPending} />
      {readError && <p className="alert alert-error" role="alert">{readError}</p>}
      {publish.isError && <PublishErrors error={publish.error} />}
    </section>
  );
}
