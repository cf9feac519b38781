import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { LevelBadge, orgLabel } from './level';
import type { Rating } from './types';

const DAY = 86_400_000;

/** Levels declared or claimed, with who confirmed them and when they lapse; a lapsed level no longer counts. */
export function RatingsTable({ ratings }: { ratings: Rating[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const now = Date.now();
  return (
    <section className="card" aria-labelledby="ratings-title">
      <h2 id="ratings-title">{t('supplyChain.ratings.title')}</h2>
      {ratings.length === 0 ? (
        <p>{t('supplyChain.ratings.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('supplyChain.ratings.level')}</th>
                <th scope="col">{t('supplyChain.ratings.basis')}</th>
                <th scope="col">{t('supplyChain.ratings.status')}</th>
                <th scope="col">{t('supplyChain.ratings.granted')}</th>
                <th scope="col">{t('supplyChain.ratings.expires')}</th>
              </tr>
            </thead>
            <tbody>
              {ratings.map((r) => {
                const daysLeft = r.expiresAt ? Math.ceil((new Date(r.expiresAt).getTime() - now) / DAY) : null;
                const status = r.expired ? 'expired' : r.status;
                // When it was declared or decided: a rejected claim was decided, though never in force.
                const decided = r.decidedAt ?? r.grantedAt;
                return (
                  <tr key={r.id}>
                    <th scope="row"><LevelBadge level={r.level} /></th>
                    <td className="cell-wrap">
                      {t(r.basis === 'self' ? 'supplyChain.ratings.self' : 'supplyChain.ratings.thirdParty')}
                      {r.assessor && <span className="cell-sub">{orgLabel(r.assessor, lang, '')}</span>}
                    </td>
                    <td>
                      <span className={`badge badge-rating-${status}`}>{t(`supplyChain.ratings.statuses.${status}`)}</span>
                      {r.note && <span className="cell-sub cell-wrap">{r.note}</span>}
                    </td>
                    <td>{decided ? formatDateTime(decided, lang) : '—'}</td>
                    <td>
                      {r.expiresAt ? formatDateTime(r.expiresAt, lang) : '—'}
                      {daysLeft !== null && !r.expired && r.status === 'active' && daysLeft <= 90 && <span className="badge badge-late">{t('supplyChain.ratings.expiresSoon', { count: daysLeft })}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
