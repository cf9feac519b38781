import authoritiesData from '../../../law/authorities.json';
import regimesData from '../../../law/incident-regimes.json';
import sectorsData from '../../../law/sectors.json';
import type { Language } from '../i18n';
import type { ReportBody } from './types';

// Which mandatory recipients a report will reach, shown before it is filed. It reads the same law
// files the server loads (a change of law is one edit) and mirrors the condition rules of
// src/capabilities/incidents/regimes.ts; the server decides, and the report's page lists what it did.

type Condition =
  | { always: true }
  | { field: string; equals: string | number | boolean | null }
  | { field: string; in: (string | number | boolean)[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

type LawRegime = {
  code: string;
  name: string;
  nameEn: string;
  optional: boolean;
  toConfirm: boolean;
  appliesWhen: Condition;
  recipients: { authorities: string[] } | { competentAuthoritiesOfReporterSectors: true } | { external: string };
};

const regimes = regimesData.regimes as unknown as LawRegime[];
const authorities = new Map(authoritiesData.authorities.map((a) => [a.code, a]));
const sectors = new Map(sectorsData.sectors.map((s) => [s.code, s]));

function readPath(report: unknown, dotPath: string): unknown {
  let v: unknown = report;
  for (const key of dotPath.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function holds(c: Condition, report: unknown): boolean {
  if ('always' in c) return true;
  if ('all' in c) return c.all.every((x) => holds(x, report));
  if ('any' in c) return c.any.some((x) => holds(x, report));
  if ('not' in c) return !holds(c.not, report);
  const v = readPath(report, c.field);
  if ('equals' in c) return v === c.equals;
  return c.in.includes(v as never);
}

export type PlannedRecipient = { code: string; regimeName: string; recipients: string[]; applies: boolean; toConfirm: boolean };

/** The mandatory regimes, each with the organisations it names and whether this report falls under it. */
export function mandatoryRecipients(report: Partial<ReportBody>, reporterSectors: readonly string[], lang: Language): PlannedRecipient[] {
  const name = (item: { name: string; nameEn: string }) => (lang === 'en' ? item.nameEn : item.name);
  return regimes
    .filter((r) => !r.optional)
    .flatMap((r) => {
      let recipients: string[];
      if ('external' in r.recipients) recipients = [r.recipients.external];
      else if ('authorities' in r.recipients) recipients = r.recipients.authorities.map((code) => authorities.get(code)).filter((a) => a !== undefined).map(name);
      else {
        const codes = [...new Set(reporterSectors.flatMap((s) => sectors.get(s)?.competentAuthorities ?? []))];
        recipients = codes.map((code) => authorities.get(code)).filter((a) => a !== undefined).map(name);
        // No sector, no competent ministry: the server skips this regime too.
        if (recipients.length === 0) return [];
      }
      return [{ code: r.code, regimeName: name(r), recipients, applies: holds(r.appliesWhen, report), toConfirm: r.toConfirm }];
    });
}

type LawStage = { code: string; name: string; nameEn: string };
const stagesOf = new Map((regimesData.regimes as unknown as (LawRegime & { stages: LawStage[] })[]).map((r) => [r.code, r]));

/**
 * A regime's name and one of its stages' names as the law file words them (the PPC's 確報, NIS2's
 * incident notification), for lists that only carry the codes. Unknown codes come back as themselves.
 */
export function regimeStageNames(regime: string, stage: string, lang: Language): { regime: string; stage: string } {
  const r = stagesOf.get(regime);
  const s = r?.stages.find((x) => x.code === stage);
  const pick = (x: { name: string; nameEn: string }) => (lang === 'en' ? x.nameEn : x.name);
  return { regime: r ? pick(r) : regime, stage: s ? pick(s) : stage };
}
