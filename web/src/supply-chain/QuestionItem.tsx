import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { EvidencePanel } from './EvidencePanel';
import type { Answer, Evidence, Requirement } from './types';

const ANSWERS: readonly Answer[] = ['yes', 'no', 'unsure'];

type Props = {
  item: Requirement;
  answer: Answer | undefined;
  note: string;
  evidence: Evidence[];
  editable: boolean;
  onAnswer: (answer: Answer) => void;
  onNote: (note: string) => void;
};

/** One requirement: the question in the user's language, はい / いいえ / わからない, and a note and evidence on demand. */
export function QuestionItem({ item, answer, note, evidence, editable, onAnswer, onNote }: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [open, setOpen] = useState(false);
  const text = lang === 'en' ? item.textEn : item.text;
  const base = `q-${item.id}`;
  return (
    <li className={`question question-${answer ?? 'none'}`}>
      <fieldset className="radio-group">
        <legend>
          <span className="question-id">{item.id}</span> {text}
        </legend>
        <p className="field-hint">
          {t(`supplyChain.areas.${item.area}`)}
          {lang === 'en' ? '' : <span lang="en" className="question-en"> — {item.textEn}</span>}
        </p>
        <div className="radio-row">
          {ANSWERS.map((a) => (
            <label key={a} className="radio">
              <input type="radio" name={base} value={a} checked={answer === a} disabled={!editable} onChange={() => onAnswer(a)} />
              {t(`supplyChain.answers.${a}`)}
            </label>
          ))}
          <button type="button" className="button button-small" aria-expanded={open} aria-controls={`${base}-more`} onClick={() => setOpen((o) => !o)}>
            {t('supplyChain.assessment.noteAndEvidence')}
            {evidence.length > 0 && ` (${evidence.length})`}
          </button>
        </div>
      </fieldset>
      <div id={`${base}-more`} hidden={!open} className="question-more">
        <div className="field">
          <label htmlFor={`${base}-note`}>{t('supplyChain.assessment.note')}</label>
          <p id={`${base}-note-hint`} className="field-hint">{t(answer ? 'supplyChain.assessment.noteHint' : 'supplyChain.assessment.noteNeedsAnswer')}</p>
          <textarea id={`${base}-note`} rows={2} maxLength={2000} value={note} disabled={!editable || !answer} aria-describedby={`${base}-note-hint`} onChange={(e) => onNote(e.target.value)} />
        </div>
        <EvidencePanel itemId={item.id} evidence={evidence} editable={editable} />
      </div>
    </li>
  );
}
