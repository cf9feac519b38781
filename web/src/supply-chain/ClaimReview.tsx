import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, errorMessage } from '../api/client';
import { currentLanguage } from '../i18n';
import { useCatalogue } from './api';
import { LevelBadge } from './level';
import type { ClaimReview as Review } from './types';

/** The claimant's answers and evidence for every item up to the claimed level, for the assessor to check. */
export function ClaimReview({ review, level }: { review: Review; level: number }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const catalogue = useCatalogue();
  const [problem, setProblem] = useState('');
  if (!catalogue.data) return null;
  const items = catalogue.data.levels.filter((l) => l.level <= level).flatMap((l) => l.requirements.map((r) => ({ ...r, level: l.level })));
  const yes = items.filter((r) => review.answers[r.id]?.answer === 'yes').length;
  return (
    <details className="claim-review">
      <summary>{t('supplyChain.claims.review', { yes, total: items.length, evidence: review.evidence.length })}</summary>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('supplyChain.claims.reviewCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supplyChain.claims.item')}</th>
              <th scope="col">{t('supplyChain.claims.answer')}</th>
              <th scope="col">{t('supplyChain.evidence.title')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => {
              const a = review.answers[r.id];
              const ev = review.evidence.filter((e) => e.itemId === r.id);
              return (
                <tr key={r.id} className={a?.answer === 'yes' ? undefined : 'row-gap'}>
                  <th scope="row" className="cell-wrap">
                    <span className="question-id">{r.id}</span> <LevelBadge level={r.level} /> {lang === 'en' ? r.textEn : r.text}
                    {a?.note && <span className="cell-sub pre-wrap">{a.note}</span>}
                  </th>
                  <td>{a ? t(`supplyChain.answers.${a.answer}`) : t('supplyChain.missing.why.unanswered')}</td>
                  <td className="cell-wrap">
                    {ev.length === 0
                      ? '—'
                      : ev.map((e) =>
                          e.url ? (
                            <a key={e.id} href={e.url} target="_blank" rel="noreferrer noopener">{e.filename}</a>
                          ) : (
                            <button key={e.id} type="button" className="link-button" onClick={() => void downloadFile(`/api/supply-chain/evidence/${encodeURIComponent(e.id)}`, e.filename).catch((err) => setProblem(errorMessage(err)))}>
                              {e.filename}
                            </button>
                          ),
                        )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
