import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LAW_DIR, type Law } from '../../platform/law/law.js';
import { REPORT_STAGES, ReportBody, type ReportStage } from './schema.js';

/** A condition on the report, written as data: `{ field: 'personalData.involved', equals: true }`. */
export type Condition =
  | { always: true }
  | { field: string; equals: string | number | boolean | null }
  | { field: string; in: (string | number | boolean)[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ always: z.literal(true) }).strict(),
    z.object({ field: z.string(), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).strict(),
    z.object({ field: z.string(), in: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }).strict(),
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
  ]),
);

const Span = { hours: z.number().positive().optional(), days: z.number().positive().optional(), months: z.number().int().positive().optional() };
const Due = z
  .object({
    from: z.string(),
    ...Span,
    variants: z.array(z.object({ when: Condition, ...Span })).default([]),
    /**
     * The clock never starts before the report told the platform that the regime applies (the update
     * or final report that brought it in), for laws that count from when the operator knew: a breach
     * of personal data first reported in an update is not already days overdue at the PPC.
     */
    notBeforeReported: z.boolean().default(false),
  })
  .refine((d) => d.hours ?? d.days ?? d.months, { message: 'a deadline needs hours, days or months' });

const Stage = z.object({
  code: z.string().regex(/^[a-z_]+$/),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /** A remark on the deadline shown beside the stage, in Japanese and in English. */
  note: z.string().optional(),
  noteEn: z.string().optional(),
  appliesWhen: Condition.default({ always: true }),
  satisfiedBy: z.object({ stages: z.array(z.enum(REPORT_STAGES)).min(1), when: Condition.optional() }),
  due: Due.optional(),
}).refine((s) => (s.note === undefined) === (s.noteEn === undefined), { message: 'a stage note needs both languages (note, noteEn)', path: ['noteEn'] });

const REPORT_FIELDS = Object.keys(ReportBody.shape) as [string, ...string[]];

const Regime = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /** The legal basis, in Japanese and in English. */
  basis: z.string(),
  basisEn: z.string().min(1),
  recipients: z.union([
    z.object({ authorities: z.array(z.string()).min(1) }).strict(),
    z.object({ competentAuthoritiesOfReporterSectors: z.literal(true) }).strict(),
    z.object({ external: z.string().min(1) }).strict(),
  ]),
  appliesWhen: Condition,
  optional: z.boolean(),
  toConfirm: z.boolean(),
  stages: z.array(Stage).min(1),
  fields: z.union([z.literal('*'), z.array(z.enum(REPORT_FIELDS)).min(1)]),
});
export type Regime = z.infer<typeof Regime>;
export type RegimeStage = z.infer<typeof Stage>;

const RegimesFile = z.object({ version: z.string(), regimes: z.array(Regime).min(1) });

/** Loads law/incident-regimes.json, checking authority codes and field paths against the law data. */
export function loadRegimes(law: Law, dir = LAW_DIR): Regime[] {
  const raw = JSON.parse(fs.readFileSync(path.join(dir, 'incident-regimes.json'), 'utf8'));
  const parsed = RegimesFile.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid law data:\n${parsed.error.issues.map((i) => `  incident-regimes.json: ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const authorities = new Set(law.authorities.map((a) => a.code));
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const r of parsed.data.regimes) {
    if (codes.has(r.code)) problems.push(`regime ${r.code} appears twice`);
    codes.add(r.code);
    if ('authorities' in r.recipients)
      for (const a of r.recipients.authorities) if (!authorities.has(a)) problems.push(`${r.code}: unknown authority ${a}`);
    const stageCodes = r.stages.map((s) => s.code);
    if (new Set(stageCodes).size !== stageCodes.length) problems.push(`${r.code}: stage codes repeat`);
  }
  if (problems.length) throw new Error(`Invalid law data:\n  incident-regimes.json: ${problems.join('\n  incident-regimes.json: ')}`);
  return parsed.data.regimes;
}

/** Reads a dot path (`ransomware.paidAt`) from a report. */
export function readPath(report: unknown, dotPath: string): unknown {
  let v: unknown = report;
  for (const key of dotPath.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function holds(c: Condition, report: unknown): boolean {
  if ('always' in c) return true;
  if ('all' in c) return c.all.every((x) => holds(x, report));
  if ('any' in c) return c.any.some((x) => holds(x, report));
  if ('not' in c) return !holds(c.not, report);
  const v = readPath(report, c.field);
  if ('equals' in c) return v === c.equals;
  return c.in.includes(v as never);
}

/** Calendar months end on the same day of the month, or the month's last day when it has no such day. */
function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

function addSpan(from: Date, span: { hours?: number; days?: number; months?: number }): Date {
  let d = new Date(from);
  if (span.months) d = addMonths(d, span.months);
  if (span.days) d.setTime(d.getTime() + span.days * 86_400_000);
  if (span.hours) d.setTime(d.getTime() + span.hours * 3_600_000);
  return d;
}

/**
 * When a stage is due for this report, or null when it has no deadline (or its clock has not started).
 * `reportedAt`: when a later stage of the report first made the stage's regime apply, the earliest
 * start of a `notBeforeReported` clock.
 */
export function dueAt(stage: RegimeStage, report: ReportBody, reportedAt?: Date): Date | null {
  if (!stage.due) return null;
  const field = readPath(report, stage.due.from);
  if (typeof field !== 'string') return null;
  let start = new Date(field);
  if (stage.due.notBeforeReported && reportedAt && reportedAt > start) start = reportedAt;
  const variant = stage.due.variants.find((v) => holds(v.when, report));
  return addSpan(start, variant ?? stage.due);
}

export function stageSatisfiedBy(stage: RegimeStage, reportStage: ReportStage, report: ReportBody): boolean {
  return stage.satisfiedBy.stages.includes(reportStage) && (!stage.satisfiedBy.when || holds(stage.satisfiedBy.when, report));
}

export type RecipientSpec = { authorities: string[] } | { external: string };

export interface PlannedDelivery {
  regime: Regime;
  recipient: RecipientSpec;
  stages: { stage: RegimeStage; dueAt: Date | null }[];
}

/**
 * Which regimes a report falls under and what each one's clock says: mandatory regimes whose
 * condition holds, plus the optional ones the reporter chose to share with.
 */
export function planDeliveries(
  regimes: Regime[],
  law: Law,
  input: {
    report: ReportBody;
    reporterSectors: readonly string[];
    optionalRegimes: readonly string[];
    /**
     * When an update or final report first made this regime apply: the earliest start of its
     * `notBeforeReported` clocks. Undefined for regimes that applied from filing.
     */
    reportedAt?: (regimeCode: string) => Date | undefined;
  },
): PlannedDelivery[] {
  const plans: PlannedDelivery[] = [];
  for (const regime of regimes) {
    if (regime.optional && !input.optionalRegimes.includes(regime.code)) continue;
    if (!holds(regime.appliesWhen, input.report)) continue;
    let recipient: RecipientSpec;
    if ('external' in regime.recipients) recipient = { external: regime.recipients.external };
    else if ('authorities' in regime.recipients) recipient = { authorities: regime.recipients.authorities };
    else {
      const codes = [...new Set(input.reporterSectors.flatMap((s) => law.sector(s)?.competentAuthorities ?? []))];
      if (codes.length === 0) continue; // e.g. a vendor outside any sector: the hub still receives it
      recipient = { authorities: codes };
    }
    const reportedAt = input.reportedAt?.(regime.code);
    const stages = regime.stages.filter((s) => holds(s.appliesWhen, input.report)).map((stage) => ({ stage, dueAt: dueAt(stage, input.report, reportedAt) }));
    plans.push({ regime, recipient, stages });
  }
  return plans;
}

/** The report as one recipient may see it: only the fields its regimes grant. */
export function fieldsFor(regimes: Regime[]): '*' | Set<string> {
  if (regimes.some((r) => r.fields === '*')) return '*';
  return new Set(regimes.flatMap((r) => (r.fields === '*' ? [] : r.fields)));
}

export function pickFields(report: ReportBody, fields: '*' | Set<string>): Partial<ReportBody> {
  if (fields === '*') return report;
  return Object.fromEntries(Object.entries(report).filter(([k]) => k === 'schemaVersion' || fields.has(k))) as Partial<ReportBody>;
}
