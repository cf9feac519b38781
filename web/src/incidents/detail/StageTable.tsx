import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatDeadline, localizedName } from '../../i18n/format';
import type { DeliveryStage } from '../types';

/**
 * One recipient's clock: each stage with its deadline and where it stands, soonest first (stages
 * without a deadline last). Overdue and late are written out, not only coloured, so they survive
 * greyscale printing and colour blindness. For a recipient outside Renkei (`external`) a stage is
 * never "submitted": Renkei only tracks it, and says the reporter files it.
 */
export function StageTable({ stages, caption, external = false }: { stages: DeliveryStage[]; caption: string; external?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ordered = [...stages].sort((a, b) => (a.dueAt && b.dueAt ? Date.parse(a.dueAt) - Date.parse(b.dueAt) : a.dueAt ? -1 : b.dueAt ? 1 : 0));
  return (
    <div className="table-wrap">
      <table className="stage-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('incidents.deadlines.stage')}</th>
            <th scope="col">{t('incidents.deadlines.due')}</th>
            <th scope="col">{t('incidents.deadlines.state')}</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((s) => (
            <tr key={s.code}>
              <th scope="row" className="cell-wrap">
                {localizedName(s, lang)}
                {s.note && <span className="stage-note">{lang === 'en' ? (s.noteEn ?? s.note) : s.note}</span>}
              </th>
              <td>{s.dueAt ? formatDeadline(s.dueAt, lang) : t('incidents.deadlines.noDeadline')}</td>
              <td className="cell-wrap">
                <StageState stage={s} external={external} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StageState({ stage, external }: { stage: DeliveryStage; external: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (stage.satisfiedAt) {
    return (
      <>
        <span className="badge badge-done">{t(external ? 'incidents.deadlines.covered' : 'incidents.deadlines.satisfied', { version: stage.satisfiedVersion ?? '?' })}</span>{' '}
        <span className="muted-inline">{formatDateTime(stage.satisfiedAt, lang)}</span>
        {stage.late && (
          <>
            {' '}
            <span className="badge badge-late">{t('incidents.deadlines.late')}</span>
          </>
        )}
      </>
    );
  }
  if (stage.overdue) return <span className="badge badge-overdue">{t('incidents.deadlines.overdue')}</span>;
  return <span className="badge badge-open">{t('incidents.deadlines.open')}</span>;
}
