import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, downloadFile, errorMessage } from '../api/client';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useAddEvidence } from './api';
import { EVIDENCE_MAX_BYTES as MAX_BYTES, type EvidenceErrors, type EvidenceField, evidenceSize, placeEvidenceErrors } from './evidence';
import type { Evidence } from './types';

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
  // Each message sits at the control it is about until that control changes or the form is sent again.
  const [errors, setErrors] = useState<EvidenceErrors>({});
  const [attached, setAttached] = useState('');
  const inputs = { file: useRef<HTMLInputElement>(null), url: useRef<HTMLInputElement>(null) };
  const base = `ev-${itemId}`;

  function refuse(found: EvidenceErrors) {
    setErrors(found);
    // Focus the control to correct; its message is part of its description.
    const first = (['file', 'url'] as const).find((f) => found[f]);
    if (first) inputs[first].current?.focus();
  }

  function send(body: Parameters<typeof add.mutate>[0], clear: () => void) {
    add.mutate(body, {
      onSuccess: (r) => {
        clear();
        setAttached(t('supplyChain.evidence.attached', { name: r.filename }));
      },
      onError: (err) => refuse(err instanceof ApiError && err.fields.length > 0 ? placeEvidenceErrors(err.fields) : { form: errorMessage(err) }),
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (add.isPending) return;
    setErrors({});
    setAttached('');
    if (file) {
      if (file.size > MAX_BYTES) return refuse({ file: t('supplyChain.evidence.tooLarge', { kib: MAX_BYTES / 1024 }) });
      send({ itemId, filename: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await toBase64(file) }, () => {
        setFile(null);
        // The input keeps showing the chosen file until its value is cleared.
        if (inputs.file.current) inputs.file.current.value = '';
      });
    } else if (url.trim()) {
      send({ itemId, filename: url.trim().split('/').filter(Boolean).pop() ?? url.trim(), url: url.trim() }, () => setUrl(''));
    } else setErrors({ form: t('supplyChain.evidence.nothing') });
  }

  function changed(field: EvidenceField) {
    setErrors(({ [field]: _, ...rest }) => rest);
  }

  const size = (bytes: number) => {
    const s = evidenceSize(bytes);
    return s.unit === 'bytes' ? t('supplyChain.evidence.bytes', { count: s.value }) : t('supplyChain.evidence.size', { kib: s.value });
  };
  const described = (field: EvidenceField, hint?: string) => [hint, errors[field] ? `${base}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: EvidenceField) =>
    errors[field] && (
      <p id={`${base}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    );

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
                <button type="button" className="link-button" onClick={() => void downloadFile(`/api/supply-chain/evidence/${encodeURIComponent(e.id)}`, e.filename).catch((err) => setErrors({ form: errorMessage(err) }))}>
                  {e.filename}
                </button>
              )}{' '}
              <span className="muted-inline">{e.url ? t('supplyChain.evidence.link') : size(e.sizeBytes)} · {formatDateTime(e.createdAt, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="inline-form" onSubmit={(e) => void submit(e)}>
          <div className={errors.file ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${base}-file`}>{t('supplyChain.evidence.file')}</label>
            <p id={`${base}-file-hint`} className="field-hint">{t('supplyChain.evidence.fileHint', { kib: MAX_BYTES / 1024 })}</p>
            {fieldError('file')}
            <input
              ref={inputs.file}
              id={`${base}-file`}
              type="file"
              aria-invalid={errors.file ? true : undefined}
              aria-describedby={described('file', `${base}-file-hint`)}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                changed('file');
              }}
            />
          </div>
          <div className={errors.url ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${base}-url`}>{t('supplyChain.evidence.url')}</label>
            {fieldError('url')}
            <input
              ref={inputs.url}
              id={`${base}-url`}
              type="url"
              inputMode="url"
              value={url}
              placeholder="https://"
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={described('url')}
              onChange={(e) => {
                setUrl(e.target.value);
                changed('url');
              }}
            />
          </div>
          <button type="submit" className="button" aria-busy={add.isPending}>{t('supplyChain.evidence.attach')}</button>
        </form>
      )}
      {errors.form && <p className="field-error" role="alert">{errors.form}</p>}
      <p role="status" className="muted-inline">{attached}</p>
    </div>
  );
}
