import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from '../app/router';
import { can, useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { formatDateTime, localizedName } from '../i18n/format';
import { LoadError, Loading } from '../ui/Status';
import { type Box, useIncidentList } from './api';
import type { ListClock } from './types';
import { useLiveIncidentList } from './live';
import './incidents.css';

/**
 * /incidents?box=inbox|sent: reports received (recipients) and reports sent (reporters). The list
 * follows the live stream, so a new report or a change appears without a reload.
 */
export function IncidentListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const mayCreate = can(me, 'incidents.create');
  const asked = useSearchParams().get('box');
  // Reporters land on what they sent, everyone else on their inbox.
  const box: Box = asked === 'inbox' || asked === 'sent' ? asked : mayCreate ? 'sent' : 'inbox';
  const boxes: Box[] = mayCreate ? ['inbox', 'sent'] : ['inbox'];
  useLiveIncidentList();

  return (
    <>
      <div className="page-head">
        <h1>{t('nav.incidents')}</h1>
        {mayCreate && (
          <Link to="/incidents/new" className="button button-primary">
            {t('incidents.list.new')}
          </Link>
        )}
      </div>
      <p className="lead">{t('incidents.list.intro')}</p>
      {boxes.length > 1 && (
        <nav aria-label={t('incidents.list.boxes')} className="tabs">
          {boxes.map((b) => (
            <Link key={b} to={`/incidents?box=${b}`} aria-current={b === box ? 'page' : undefined}>
              {t(`incidents.list.${b}`)}
            </Link>
          ))}
        </nav>
      )}
      <IncidentTable box={box} />
    </>
  );
}

function IncidentTable({ box }: { box: Box }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const list = useIncidentList(box);
  const headingId = `incidents-${box}`;

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t(`incidents.list.${box}`)}</h2>
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data &&
        (list.data.pages[0]?.items.length === 0 ? (
          <p>{t(`incidents.list.empty.${box}`)}</p>
        ) : (
          // Focusable and named, so that where the table is wider than the screen a keyboard can scroll
          // it too. A group, not a second region: the section around it is already the landmark.
          <div className="table-wrap" role="group" aria-labelledby={headingId} tabIndex={0}>
            <table className="incident-table" aria-labelledby={headingId}>
              <thead>
                <tr>
                  <th scope="col">{t('incidents.fields.reference')}</th>
                  <th scope="col">{t('incidents.fields.title')}</th>
                  <th scope="col">{t('incidents.fields.type')}</th>
                  <th scope="col">{t('incidents.fields.stage')}</th>
                  <th scope="col">{t('incidents.list.clock')}</th>
                  {/* What we sent, we reported: the column would repeat our own name. */}
                  {box !== 'sent' && <th scope="col">{t('incidents.fields.reporter')}</th>}
                  <th scope="col">{t('incidents.fields.updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.pages
                  .flatMap((p) => p.items)
                  .map((item) => (
                    <tr key={item.id}>
                      <td>
                        <code>{item.reference}</code>
                      </td>
                      <th scope="row" className="cell-wrap">
                        <Link to={`/incidents/${encodeURIComponent(item.id)}`}>{item.title}</Link>
                        {item.personalData && <span className="badge">{t('incidents.list.personalData')}</span>}
                      </th>
                      <td className="cell-short">{t(`incidents.types.${item.type}`)}</td>
                      <td className="cell-short">{t('incidents.stageVersion', { stage: t(`incidents.stages.${item.stage}`), version: item.version })}</td>
                      <td className="cell-wrap"><ClockCell clock={item.clock} /></td>
                      {box !== 'sent' && <td className="cell-wrap">{localizedName(item.reporter, lang)}</td>}
                      <td className="cell-short">{formatDateTime(item.updatedAt, lang)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
      {list.hasNextPage && (
        <p>
          <button type="button" className="button" aria-busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('incidents.list.more')}
          </button>
        </p>
      )}
    </section>
  );
}

/**
 * A row's clocks at a glance: a recipient's own status, then the earliest stage still owed — which,
 * under which regime, by when — flagged when past due, with how many owed stages are.
 */
function ClockCell({ clock }: { clock: ListClock }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const next = clock.next;
  return (
    <>
      {clock.status && <span className="badge">{t(`incidents.statuses.${clock.status}`)}</span>}{' '}
      {next ? (
        <span>
          {t('incidents.list.nextDue', {
            stage: lang === 'en' ? next.stageNameEn : next.stageName,
            regime: lang === 'en' ? next.regimeNameEn : next.regimeName,
            due: formatDateTime(next.dueAt, lang),
          })}
          {clock.overdue > 0 && (
            <>
              {' '}
              <span className="badge badge-overdue">{t('incidents.list.overdue', { count: clock.overdue })}</span>
            </>
          )}
        </span>
      ) : (
        <span className="muted-inline">{t('incidents.list.nothingDue')}</span>
      )}
    </>
  );
}
