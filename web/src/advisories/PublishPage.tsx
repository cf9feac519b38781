import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { ManualAdvisoryForm } from './ManualAdvisoryForm';
import { PublishResultView } from './PublishResultView';
import type { IngestResult } from './types';
import { UploadAdvisory } from './UploadAdvisory';
import '../assets/assets.css';
import './advisories.css';

/**
 * /advisories/publish (hub and ministries): an advisory is matched against every registered asset the
 * moment it is published, and only the affected owners and their operating vendors are notified.
 */
export function PublishPage() {
  const { t } = useTranslation();
  const [result, setResult] = useState<IngestResult | null>(null);

  return (
    <>
      <p className="breadcrumb"><Link to="/advisories">{t('advisories.publish.back')}</Link></p>
      <h1>{t('advisories.publish.title')}</h1>
      <p className="lead">{t('advisories.publish.intro')}</p>
      <div aria-live="polite">
        {result && <PublishResultView result={result} />}
      </div>
      <UploadAdvisory onPublished={setResult} />
      <ManualAdvisoryForm onPublished={setResult} />
    </>
  );
}
