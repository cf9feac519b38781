import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, errorMessage } from '../api/client';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useAddEvidence } from './api';
import type { Evidence } from './types';

/** The server keeps files up to this size; larger documents are referenced by URL (schema.ts EVIDENCE_MAX_BYTES). */
const MAX_BYTES = 262_144;

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Evidence attached to one answer: a small file kept by the platform, or a URL to where the document lives. */
export function EvidencePanel({ itemId, evidence, editable }: { itemId: string; evidence: Evidence[]; editable: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const add = useAddEvidence();
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState('');
  const base = `ev-${itemId}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem('');
    if (add.isPending) return;
    if (file) {
      if (file.size > MAX_BYTES) return setProblem(t('supplyChain.evidence.tooLarge', { kib: MAX_BYTES / 1024 }));
      add.mutate({ itemId, filename: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await toBase64(file) }, { onSuccess: () => setFile(null) });
    } else if (url.trim()) {
      add.mutate({ itemId, filename: url.trim().split('/').filter(Boolean).pop() ?? url.trim(), url: url.trim() }, { onSuccess: () => setUrl('') });
    } else setProblem(t('supplyChain.evidence.nothing'));
  }

  return (
    <div className="evidence">
      <h4 className="sub-heading">{t('supplyChain.evidence.title')}</h4>
      {evidence.length === 0 ? (
        <p className="muted-inline">{t('supplyChain.evidence.none')}</p>
      ) : (
        <ul className="plain-list">
          {evidence.map((e) => (
            <li key={e.id}>
              {e.url ? (
                <a href={e.url} target="_blank" rel="noreferrer noopener">{e.filename}</a>
              ) : (
                <button type="button" className="link-button" onClick={() => void downloadFile(`/api/supply-chain/evidence/${encodeURIComponent(e.id)}`, e.filename).catch((err) => setProblem(errorMessage(err)))}>
                  {e.filename}
                </button>
              )}{' '}
              <span className="muted-inline">{e.url ? t('supplyChain.evidence.link') : t('supplyChain.evidence.size', { kib: Math.max(1, Math.round(e.sizeBytes / 1024)) })} · {formatDateTime(e.createdAt, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="inline-form" onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor={`${base}-file`}>{t('supplyChain.evidence.file')}</label>
            <p id={`${base}-file-hint`} className="field-hint">{t('supplyChain.evidence.fileHint', { kib: MAX_BYTES / 1024 })}</p>
            <input id={`${base}-file`} type="file" aria-describedby={`${base}-file-hint`} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <div className="field">
            <label htmlFor={`${base}-url`}>{t('supplyChain.evidence.url')}</label>
            <input id={`${base}-url`} type="url" inputMode="url" value={url} placeholder="https://" onChange={(e) => setUrl(e.target.value)} />
          </div>
          <button type="submit" className="button" aria-busy={add.isPending}>{t('supplyChain.evidence.attach')}</button>
        </form>
      )}
      {(problem || add.isError) && <p className="field-error" role="alert">{problem || errorMessage(add.error)}</p>}
      {add.isSuccess && <p role="status" className="muted-inline">{t('supplyChain.evidence.attached', { name: add.data.filename })}</p>}
    </div>
  );
}
