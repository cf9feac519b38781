import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

/** "line 3, placement" → line 3, column placement; any other path (components[0].purl) is shown as it is. */
function splitPath(path: string): { line?: string; column: string } {
  const m = /^line (\d+)(?:, (.+))?$/.exec(path);
  return m ? { line: m[1]!, column: m[2] ?? '' } : { column: path };
}

/** A refused import: nothing was stored, and each problem names its row (CSV) or JSON path (SBOM). */
export function ImportErrors({ error, kind }: { error: unknown; kind: 'csv' | 'sbom' }) {
  const { t } = useTranslation();
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorMessage(error)}</p>
      {fields.length > 0 && (
        <>
          <p>{t('assets.import.nothingStored', { count: fields.length })}</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('assets.import.errorsCaption')}</caption>
              <thead>
                <tr>
                  {kind === 'csv' && <th scope="col">{t('assets.import.line')}</th>}
                  <th scope="col">{t(kind === 'csv' ? 'assets.import.column' : 'assets.import.path')}</th>
                  <th scope="col">{t('assets.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {fields.map((f, i) => {
                  const p = splitPath(f.path);
                  return (
                    <tr key={`${f.path}-${i}`}>
                      {kind === 'csv' && <td>{p.line ? t('assets.import.lineN', { line: p.line }) : '—'}</td>}
                      <td><code>{p.column || '—'}</code></td>
                      <td className="cell-wrap">{f.message}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
