import type { Lang } from '../../platform/i18n/messages.js';
import type { Doubt, ReasonCase } from './engine/model.js';

/**
 * The engine's explanation of a match (engine/match.ts) in Japanese, worded from the structured fields
 * it stored with it — the same templates, word for word, as the dashboard's explainReason
 * (web/src/i18n/ja.json, advisories.reason; reason-text.test.ts keeps the two equal), so an API caller
 * reads what the page shows. The engine writes the English sentence itself.
 */
export const JA = {
  because: {
    within: 'バージョン {{version}} は、脆弱性情報が {{what}} について{{marks}}とする範囲 {{range}} に含まれます。',
    doubt: 'バージョン {{version}} は、{{what}} について{{marks}}とされる範囲 {{range}} に含まれます。ただし、{{doubt}}。',
    inferred: 'バージョン {{version}} は範囲 {{range}} に含まれます。脆弱性情報はこの範囲が {{what}} に影響するとほのめかしていますが、明記していません。',
    unbounded: '脆弱性情報は {{what}} をバージョンの範囲を限らずに（{{range}}）{{marks}}としているため、バージョン {{version}} は影響の可能性にとどまります。',
    'under-investigation': 'バージョン {{version}} は、脆弱性情報が {{what}} について{{marks}}とする範囲 {{range}} に含まれます。',
    incomparable: 'バージョン {{version}} は範囲 {{range}}（{{what}} について{{marks}}）と比較できません。バージョンの付け方かリリース系列が異なります。',
    'no-version': '脆弱性情報は {{what}} の {{range}} を{{marks}}としていますが、設備にバージョンが登録されていないため照らし合わせられません。',
    'unaffected-incomparable': 'バージョン {{version}} は、脆弱性情報が {{what}} について{{marks}}とする範囲 {{range}} と比較できません。',
    'unaffected-no-version': '脆弱性情報は {{what}} の {{range}} を{{marks}}としていますが、設備にバージョンが登録されていないため照らし合わせられません。',
    'within-unaffected': 'バージョン {{version}} は、脆弱性情報が {{what}} について{{marks}}とする範囲 {{range}} に含まれます{{why}}。',
    'outside-unaffected': 'バージョン {{version}} は、脆弱性情報が {{what}} について{{marks}}とする範囲 {{range}} の外にあり、影響ありの範囲にも含まれません。',
    outside: 'バージョン {{version}} は、脆弱性情報が {{what}} について{{marks}}とする範囲 {{range}} の外にあります。',
    'decided-earlier': 'バージョン {{version}} は同じ脆弱性情報の {{what}} に関する先の記述で判定済みのため、この{{marks}}の記述（{{range}}）は当てはまりません。',
    'git-ranges': '{{what}} についての記述は git のコミット範囲で示されており、リリース版のバージョン {{version}} を位置づけられません。',
  } satisfies Record<ReasonCase, string>,
  marks: {
    affected: '「影響あり」',
    unaffected: '「影響なし」',
    fixed: '「修正済み」',
    under_investigation: '「調査中」',
  } as Record<string, string>,
  doubt: {
    'variant-no-cpe': '脆弱性情報は {{subject}} に限った記述で、設備には照らし合わせる CPE が登録されていません',
    'variant-open': '脆弱性情報は {{subject}} に限った記述で、設備の CPE ではこの点が未指定です',
    'platform-unrecorded': 'この記述はプラットフォーム {{subject}} に限ったもので、設備のプラットフォームが登録されていません',
    'platform-version': 'この記述はプラットフォーム {{subject}} に限ったもので、設備のプラットフォームのバージョンと比較できません',
  } satisfies Record<Doubt['kind'], string>,
  vex: {
    component_not_present: '該当する部品が含まれていない',
    vulnerable_code_not_present: '脆弱なコードが含まれていない',
    vulnerable_code_not_in_execute_path: '脆弱なコードが実行されない',
    vulnerable_code_cannot_be_controlled_by_adversary: '脆弱なコードを攻撃者が操作できない',
    inline_mitigations_already_exist: '緩和策が既に組み込まれている',
  } as Record<string, string>,
  anyVersion: 'すべてのバージョン',
  anyVersionExcept: '{{except}} を除くすべてのバージョン',
  why: '（理由: {{justification}}）',
};

const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

/** The range in words: the engine's one English phrase ("any version", "any version except …") translated. */
function rangeJa(range: string): string {
  if (range === 'any version') return JA.anyVersion;
  const except = /^any version except (.+)$/s.exec(range);
  return except ? fill(JA.anyVersionExcept, { except: except[1]! }) : range;
}

/** What explanation reads from a stored reason; every field optional, as reasons stored before some of them were. */
export interface StoredReason {
  explanation?: unknown;
  because?: unknown;
  status?: unknown;
  range?: unknown;
  key?: unknown;
  assetVersion?: unknown;
  doubt?: unknown;
  justification?: unknown;
}

const isCase = (c: unknown): c is ReasonCase => typeof c === 'string' && Object.hasOwn(JA.because, c);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The match's explanation in `lang`. English is the engine's own sentence; Japanese is worded from the
 * case and details stored with it. A reason stored before the engine recorded them (no `because`) has
 * only its English sentence, which is given as it is.
 */
export function explanationIn(reason: StoredReason, lang: Lang): string {
  const english = text(reason.explanation);
  if (lang === 'en' || !isCase(reason.because) || typeof reason.status !== 'string') return english;
  const doubt = reason.doubt as Partial<Doubt> | undefined;
  const justification = text(reason.justification);
  return fill(JA.because[reason.because], {
    version: text(reason.assetVersion),
    range: rangeJa(text(reason.range)),
    what: text(reason.key),
    marks: JA.marks[reason.status] ?? reason.status,
    doubt: doubt?.kind && Object.hasOwn(JA.doubt, doubt.kind) ? fill(JA.doubt[doubt.kind], { subject: text(doubt.subject) }) : '',
    why: justification ? fill(JA.why, { justification: JA.vex[justification] ?? justification }) : '',
  });
}
