import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { usePublishAdvisory } from './api';
import { type ProductRow, ProductRows } from './ProductRows';
import { PublishErrors } from './PublishErrors';
import { type IngestResult, type ManualAdvisory, SEVERITIES, type Severity } from './types';

type Props = { onPublished: (result: IngestResult) => void };

const CVE = /^CVE-\d{4}-\d{4,}$/;

/** An advisory written here (a ministry's or the hub's own), for products named by CPE or package URL. */
export function ManualAdvisoryForm({ onPublished }: Props) {
  const { t } = useTranslation();
  const publish = usePublishAdvisory();
  const [reference, setReference] = useState('');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [cves, setCves] = useState('');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [knownExploited, setKnownExploited] = useState(false);
  const [remediation, setRemediation] = useState('');
  const [products, setProducts] = useState<ProductRow[]>([{ cpe: '', purl: '', versions: '' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const server = publish.error instanceof ApiError ? publish.error : null;
  const err = (path: string) => errors[path] ?? server?.fieldMessage(path);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (publish.isPending) return;
    const found: Record<string, string> = {};
    const required = t('assets.form.required');
    if (!reference.trim()) found.reference = required;
    if (!title.trim()) found.title = required;
    if (!severity) found.severity = t('assets.form.choose');
    const cveList = cves.split(/[\s,、]+/).map((c) => c.trim().toUpperCase()).filter(Boolean);
    const bad = cveList.filter((c) => !CVE.test(c));
    if (bad.length) found.cves = t('advisories.manual.badCve', { list: bad.join(', ') });
    const rows = products.filter((p) => p.cpe.trim() || p.purl.trim() || p.versions.trim());
    if (rows.length === 0) found['products'] = t('advisories.manual.productRequired');
    rows.forEach((p, i) => {
      if (!p.cpe.trim() && !p.purl.trim()) found[`products[${products.indexOf(p)}].cpe`] = t('advisories.manual.identityRequired', { n: i + 1 });
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: ManualAdvisory = {
      reference: reference.trim(),
      title: title.trim(),
      cves: cveList,
      severity: severity as Severity,
      knownExploited,
      products: rows.map((p) => ({
        ...(p.cpe.trim() ? { cpe: p.cpe.trim() } : {}),
        ...(p.purl.trim() ? { purl: p.purl.trim() } : {}),
        ...(p.versions.trim() ? { versions: p.versions.trim() } : {}),
      })),
      ...(summary.trim() ? { summary: summary.trim() } : {}),
      ...(remediation.trim() ? { remediation: remediation.trim() } : {}),
    };
    publish.mutate(body, { onSuccess: onPublished });
  }

  const count = Object.keys(errors).length;
  return (
    <section className="card" aria-labelledby="publish-manual">
      <h2 id="publish-manual">{t('advisories.manual.title')}</h2>
      <p>{t('advisories.manual.intro')}</p>
      <form onSubmit={submit} noValidate className="asset-form">
        {count > 0 && <p className="alert alert-error" role="alert">{t('assets.form.errorCount', { count })}</p>}
        {publish.isError && <PublishErrors error={publish.error} />}
        <div className="field-row">
          <TextField id="ma-reference" label={t('advisories.manual.reference')} hint={t('advisories.manual.referenceHint')} value={reference} onChange={setReference} error={err('reference')} maxLength={100} />
          <SelectField
            id="ma-severity"
            label={t('advisories.manual.severity')}
            value={severity}
            onChange={(v) => setSeverity(v as Severity | '')}
            placeholder={t('assets.form.choosePlaceholder')}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`advisories.severities.${s}`) }))}
            error={err('severity')}
          />
        </div>
        <TextField id="ma-title" label={t('advisories.manual.titleField')} value={title} onChange={setTitle} error={err('title')} maxLength={300} />
        <div className={err('summary') ? 'field field-invalid' : 'field'}>
          <label htmlFor="ma-summary">{t('advisories.manual.summary')}</label>
          <textarea id="ma-summary" rows={3} maxLength={10000} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </div>
        <TextField id="ma-cves" label={t('advisories.manual.cves')} hint={t('advisories.manual.cvesHint')} value={cves} onChange={setCves} error={err('cves')} />
        <div className="check">
          <input id="ma-kev" type="checkbox" checked={knownExploited} onChange={(e) => setKnownExploited(e.target.checked)} />
          <label htmlFor="ma-kev">{t('advisories.manual.knownExploited')}</label>
        </div>
        <div className="field">
          <label htmlFor="ma-remediation">{t('advisories.manual.remediation')}</label>
          <textarea id="ma-remediation" rows={3} maxLength={10000} value={remediation} onChange={(e) => setRemediation(e.target.value)} />
        </div>
        <ProductRows rows={products} onChange={setProducts} error={err} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" aria-busy={publish.isPending}>{t('advisories.manual.submit')}</button>
        </div>
      </form>
    </section>
  );
}
