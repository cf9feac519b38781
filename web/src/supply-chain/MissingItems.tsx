import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { LevelBadge } from './level';
import type { Answer, CatalogueLevel, Requirement } from './types';

/**
 * What stands between the organisation and each higher level, item by item: the next level open, the
 * ones above folded. Levels are cumulative, so a gap at ★3 also holds ★4 back.
 */
export function MissingItems({ levels, answers, metLevel }: { levels: CatalogueLevel[]; answers: Record<string, { answer: Answer } | undefined>; metLevel: number }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const above = levels.filter((l) => l.level > metLevel);
  return (
    <section className="card" aria-labelledby="missing-title">
      <h2 id="missing-title">{t('supplyChain.missing.title')}</h2>
      {above.length === 0 && <p>{t('supplyChain.missing.allMet')}</p>}
      {above.map((l, i) => {
        const missing = l.requirements.filter((r) => answers[r.id]?.answer !== 'yes');
        const body = (
          <>
            {missing.length === 0 ? (
              <p>{t('supplyChain.missing.levelDoneButLower')}</p>
            ) : (
              <MissingList items={missing} answers={answers} />
            )}
          </>
        );
        const heading = (
          <>
            <LevelBadge level={l.level} /> {t('supplyChain.missing.count', { count: missing.length, name: lang === 'en' ? l.nameEn : l.name })}
          </>
        );
        return i === 0 ? (
          <div key={l.level} className="missing-next" data-testid="missing-next">
            <h3 className="sub-heading">{heading}</h3>
            {l.assessment === 'third_party' && <p className="muted-inline">{t('supplyChain.missing.needsAssessor')}</p>}
            {body}
          </div>
        ) : (
          <details key={l.level} className="missing-later">
            <summary>{heading}</summary>
            {body}
          </details>
        );
      })}
    </section>
  );
}

const SHOWN = 8;

/** The first few missing items, the rest folded so the questionnaire stays in reach. */
function MissingList({ items, answers }: { items: Requirement[]; answers: Record<string, { answer: Answer } | undefined> }) {
  const { t } = useTranslation();
  const row = (r: Requirement) => <MissingRow key={r.id} item={r} answer={answers[r.id]?.answer} />;
  return (
    <>
      <ul className="missing-list">{items.slice(0, SHOWN).map(row)}</ul>
      {items.length > SHOWN && (
        <details className="missing-more">
          <summary>{t('supplyChain.missing.more', { count: items.length - SHOWN })}</summary>
          <ul className="missing-list">{items.slice(SHOWN).map(row)}</ul>
        </details>
      )}
    </>
  );
}

function MissingRow({ item, answer }: { item: Requirement; answer: Answer | undefined }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <li>
      <a
        href={`#q-${item.id}`}
        onClick={(e) => {
          e.preventDefault();
          document.querySelector<HTMLInputElement>(`input[name="q-${item.id}"]`)?.focus();
        }}
      >
        <span className="question-id">{item.id}</span> {lang === 'en' ? item.textEn : item.text}
      </a>
      <span className="cell-sub">{t(`supplyChain.missing.why.${answer === 'no' || answer === 'unsure' ? answer : 'unanswered'}`)}</span>
    </li>
  );
}
