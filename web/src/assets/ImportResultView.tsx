import { useTranslation } from 'react-i18next';
import type { ImportResult } from './types';

/** The counts the server answered: how many rows it took, how many were new and how many updated. */
export function ImportResultView({ result, fileName }: { result: ImportResult; fileName: string }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-info" role="status">
      <p><strong>{t('assets.import.done', { name: fileName })}</strong></p>
      <dl className="facts">
        <dt>{t('assets.import.imported')}</dt>
        <dd>{result.imported}</dd>
        <dt>{t('assets.import.created')}</dt>
        <dd>{result.created}</dd>
        <dt>{t('assets.import.updated')}</dt>
        <dd>{result.updated}</dd>
      </dl>
      <p>{t('assets.import.matching')}</p>
    </div>
  );
}
