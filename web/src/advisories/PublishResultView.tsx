import { useTranslation } from 'react-i18next';
import type { IngestResult } from './types';

/** What publishing did: which advisories were stored and how many notifications it created. */
export function PublishResultView({ result }: { result: IngestResult }) {
  const { t } = useTranslation();
  return (
    <section className="alert alert-info publish-result" aria-labelledby="publish-result-title">
      <h2 id="publish-result-title">{t('advisories.publish.resultTitle', { format: t(`advisories.formats.${result.format}`) })}</h2>
      <p className="publish-count">
        {t('advisories.publish.exposuresCreated', { count: result.exposures.created })}
        {result.exposures.updated > 0 && <> {t('advisories.publish.exposuresUpdated', { count: result.exposures.updated })}</>}
      </p>
      {result.advisories.length === 0 ? (
        <p>{t('advisories.publish.noAdvisories')}</p>
      ) : (
        <ul>
          {result.advisories.slice(0, 50).map((a) => (
            <li key={a.id}>
              <code>{a.sourceId}</code> — {t(`advisories.publish.statuses.${a.status}`)}
            </li>
          ))}
        </ul>
      )}
      {result.advisories.length > 50 && <p>{t('advisories.publish.andMore', { count: result.advisories.length - 50 })}</p>}
      {result.kev && <p>{t('advisories.publish.kev', result.kev)}</p>}
      {result.warnings.length > 0 && (
        <>
          <h3>{t('advisories.publish.warnings')}</h3>
          <ul>
            {result.warnings.map((w, i) => <li key={i} lang="en">{w}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}
