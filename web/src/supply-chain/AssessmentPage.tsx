import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { formatTime } from '../i18n/format';
import { LoadError, Loading } from '../ui/Status';
import { useAssessment, useCatalogue } from './api';
import { DeclarePanel } from './DeclarePanel';
import { LevelBadge } from './level';
import { MissingItems } from './MissingItems';
import { QuestionItem } from './QuestionItem';
import { RatingsTable } from './RatingsTable';
import type { Answer, Assessment, Catalogue, CatalogueLevel, Evidence } from './types';
import { type AutosaveState, useAnswerAutosave } from './useAnswerAutosave';
import { useLiveSupplyChain } from './live';
import { SupplyFrame } from './SupplyNav';
import '../assets/assets.css';
import './supply-chain.css';

type Answers = Record<string, { answer: Answer; note: string }>;

/** /supply-chain/assessment: the Japanese-first self-assessment, saved answer by answer. */
export function AssessmentPage() {
  const catalogue = useCatalogue();
  const assessment = useAssessment();
  useLiveSupplyChain();
  const failed = catalogue.isError ? catalogue : assessment.isError ? assessment : null;
  return (
    <SupplyFrame current="assessment">
      {failed && <LoadError error={failed.error} onRetry={() => void failed.refetch()} />}
      {!failed && (!catalogue.data || !assessment.data) && <Loading />}
      {catalogue.data && assessment.data && <Questionnaire catalogue={catalogue.data} assessment={assessment.data} />}
    </SupplyFrame>
  );
}

/** Same rule as the server (levels.ts computeLevel): the highest level whose items, and all below, are "yes". */
function metLevelOf(levels: CatalogueLevel[], answers: Answers): number {
  let met = 0;
  for (const l of levels) {
    if (l.requirements.every((r) => answers[r.id]?.answer === 'yes')) met = l.level;
    else break;
  }
  return met;
}

function Questionnaire({ catalogue, assessment }: { catalogue: Catalogue; assessment: Assessment }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const me = useMe();
  const editable = can(me, 'supplyChain.create');
  // The form owns the answers once loaded; the server's figures come back with every save.
  const [answers, setAnswers] = useState<Answers>(() => Object.fromEntries(Object.entries(assessment.answers).map(([id, a]) => [id, { answer: a.answer, note: a.note ?? '' }])));
  const [serverMet, setServerMet] = useState(assessment.metLevel);
  const autosave = useAnswerAutosave(setServerMet);
  useEffect(() => setServerMet(assessment.metLevel), [assessment.metLevel]);

  const localMet = metLevelOf(catalogue.levels, answers);
  const evidenceBy = useMemo(() => {
    const by = new Map<string, Evidence[]>();
    for (const e of assessment.evidence) by.set(e.itemId, [...(by.get(e.itemId) ?? []), e]);
    return by;
  }, [assessment.evidence]);

  function onAnswer(itemId: string, answer: Answer) {
    const note = answers[itemId]?.note ?? '';
    setAnswers((a) => ({ ...a, [itemId]: { answer, note } }));
    autosave.answer(itemId, { answer, note: note.trim() || null });
  }
  function onNote(itemId: string, note: string) {
    const answer = answers[itemId]?.answer;
    if (!answer) return;
    setAnswers((a) => ({ ...a, [itemId]: { answer, note } }));
    autosave.note(itemId, { answer, note: note.trim() || null });
  }

  return (
    <>
      <section className="card level-summary" aria-labelledby="assessment-level">
        <h2 id="assessment-level">{t('supplyChain.assessment.levelTitle')}</h2>
        <dl className="facts">
          <dt>{t('supplyChain.assessment.byAnswers')}</dt>
          <dd data-testid="met-level">
            <LevelBadge level={serverMet} />
            <span className="cell-sub">{t('supplyChain.assessment.byAnswersHint')}</span>
          </dd>
          <dt>{t('supplyChain.assessment.current')}</dt>
          <dd data-testid="current-level">
            <LevelBadge level={assessment.currentLevel} />
            <span className="cell-sub">{t('supplyChain.assessment.currentHint')}</span>
          </dd>
          <dt>{t('supplyChain.assessment.catalogue')}</dt>
          <dd>
            {/* In its own element: a badge that is the first element of a dd loses its left margin (styles.css). */}
            <span>{assessment.catalogueVersion}</span>
            {catalogue.status === 'to_confirm' && <span className="badge badge-provisional">{t('supplyChain.assessment.toConfirm')}</span>}
          </dd>
        </dl>
        <SaveStatus state={autosave.state} savedAt={autosave.savedAt} onRetry={autosave.retry} />
      </section>
      <MissingItems levels={catalogue.levels} answers={answers} metLevel={localMet} />
      {editable && <DeclarePanel metLevel={serverMet} levels={catalogue.levels} saving={autosave.state === 'saving'} />}
      <RatingsTable ratings={assessment.ratings} />
      <h2 id="questionnaire">{t('supplyChain.assessment.questionnaire')}</h2>
      <p>{t('supplyChain.assessment.questionnaireIntro')}</p>
      {catalogue.levels.map((l) => {
        const yes = l.requirements.filter((r) => answers[r.id]?.answer === 'yes').length;
        return (
          <section key={l.level} className="card level-section" aria-labelledby={`level-${l.level}`}>
            <h3 id={`level-${l.level}`}>
              {lang === 'en' ? l.nameEn : l.name} <LevelBadge level={l.level} />
            </h3>
            <p>{lang === 'en' ? l.summaryEn : l.summary}</p>
            <p className="muted-inline">
              {t(l.assessment === 'self' ? 'supplyChain.assessment.selfAssessed' : 'supplyChain.assessment.thirdParty')} · {t('supplyChain.assessment.validity', { months: l.validityMonths })} ·{' '}
              <span data-testid={`progress-${l.level}`}>{t('supplyChain.assessment.progress', { yes, total: l.requirements.length })}</span>
            </p>
            <ol className="question-list">
              {l.requirements.map((r) => (
                <QuestionItem
                  key={r.id}
                  item={r}
                  answer={answers[r.id]?.answer}
                  note={answers[r.id]?.note ?? ''}
                  evidence={evidenceBy.get(r.id) ?? []}
                  editable={editable}
                  onAnswer={(a) => onAnswer(r.id, a)}
                  onNote={(n) => onNote(r.id, n)}
                />
              ))}
            </ol>
          </section>
        );
      })}
    </>
  );
}

/** "保存しました 10:31:05", or what the autosave is doing; announced politely. */
function SaveStatus({ state, savedAt, onRetry }: { state: AutosaveState; savedAt: Date | null; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    state === 'saving' ? t('supplyChain.assessment.saving') : state === 'error' ? t('supplyChain.assessment.saveFailed') : state === 'saved' && savedAt ? t('supplyChain.assessment.savedAt', { time: formatTime(savedAt, currentLanguage()) }) : t('supplyChain.assessment.autosaveHint');
  return (
    <div className="form-actions">
      <p role="status" className={state === 'error' ? 'autosave field-error' : 'autosave muted'} data-state={state}>{text}</p>
      {state === 'error' && <button type="button" className="button button-small" onClick={onRetry}>{t('app.retry')}</button>}
    </div>
  );
}
