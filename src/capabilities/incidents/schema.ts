import { z } from 'zod';
import { normalizeIndicator } from './indicators.js';

/**
 * The incident report, following the government's unified ransomware / DDoS form (2025), version 1.
 * Every field a regime may ask for is here; `law/incident-regimes.json` says which ones each recipient
 * sees. A report is accepted even when business is unaffected.
 */
export const REPORT_SCHEMA_VERSION = 1;

export const INCIDENT_TYPES = ['ransomware', 'ddos', 'unauthorized_access', 'data_leak', 'malware', 'supply_chain', 'other'] as const;
export const IncidentType = z.enum(INCIDENT_TYPES);
export const REPORT_STAGES = ['initial', 'update', 'final'] as const;
export const ReportStage = z.enum(REPORT_STAGES);
export type ReportStage = z.infer<typeof ReportStage>;
export const BusinessImpact = z.enum(['none', 'degraded', 'stopped']);

const Timestamp = z.iso.datetime({ offset: true });
/** How far ahead of this server's clock a reporter's clock may run before a time counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;
const ShortText = z.string().trim().max(500);
const LongText = z.string().trim().max(10_000);

/**
 * A number an authority can call back at 3 a.m.: digits with the usual separators, an optional leading
 * +, and an optional extension (内線 123, ext. 123). Full-width input (０３－１２３４－５６７８) and
 * Japanese long-vowel or Unicode dashes are accepted and stored half-width; an address or a name typed
 * into the field is refused rather than handed to the authority. Empty means none given.
 */
const Phone = z
  .string()
  .trim()
  .max(40)
  .transform((raw, ctx) => {
    if (raw === '') return undefined;
    const v = raw.normalize('NFKC').replace(/[\u2010-\u2015\u2212\u30fc\uff70]/g, '-');
    const m = /^(\+?[\d\s().-]+?)\s*(?:(?:内線|ext\.?|x)\s*(\d{1,6}))?$/i.exec(v);
    const digits = m ? m[1]!.replace(/\D/g, '').length : 0;
    if (!m || digits < 6 || digits > 15) {
      ctx.addIssue({ code: 'custom', message: 'phone_invalid', input: raw });
      return z.NEVER;
    }
    return v;
  });

export const INDICATOR_KINDS = ['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256', 'sha512', 'email'] as const;
export const IndicatorKind = z.enum(INDICATOR_KINDS);
const IndicatorFields = z.object({
  kind: IndicatorKind,
  value: z.string().trim().min(1).max(2048),
  /** What the indicator was: C2 server, phishing sender, dropped file… */
  note: ShortText.optional(),
});
export type Indicator = z.infer<typeof IndicatorFields>;
/**
 * Parsed indicators come out normalised; a value that is not what its kind says is a field error
 * found with every other one of the request (a reporter fixes them all in one go, not in rounds).
 */
export const Indicator = IndicatorFields.transform((ind, ctx): Indicator => {
  const r = normalizeIndicator(ind);
  if (r.ok) return r.indicator;
  ctx.addIssue({ code: 'custom', path: ['value'], message: 'indicator_invalid', params: { kind: r.kindName }, input: ind.value });
  return z.NEVER;
});

export const AffectedSystem = z.object({
  /** A registered asset of the reporter, when it exists (assets capability). */
  assetId: z.uuid().optional(),
  description: ShortText.min(1),
});

export const ReportBody = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION).default(REPORT_SCHEMA_VERSION),
    type: IncidentType,
    title: z.string().trim().min(1).max(200),
    summary: LongText.min(1),
    detectedAt: Timestamp,
    startedAt: Timestamp.optional(),
    affectedServices: z.array(ShortText.min(1)).max(100).default([]),
    affectedSystems: z.array(AffectedSystem).max(500).default([]),
    intrusionRoute: z.enum(['vpn', 'remote_desktop', 'email', 'web_application', 'supplier', 'removable_media', 'unknown', 'other']).optional(),
    intrusionDetail: LongText.optional(),
    ransomware: z
      .object({
        noteText: LongText.optional(),
        encryptedExtension: z.string().trim().max(50).optional(),
        family: ShortText.optional(),
        demandAmount: ShortText.optional(),
        paid: z.boolean().default(false),
        paidAt: Timestamp.optional(),
      })
      .optional(),
    ddos: z
      .object({
        peakGbps: z.number().nonnegative().max(100_000).optional(),
        peakPps: z.number().nonnegative().optional(),
        targets: z.array(ShortText.min(1)).max(100).default([]),
        durationMinutes: z.number().int().nonnegative().optional(),
      })
      .optional(),
    indicators: z.array(Indicator).max(10_000).default([]),
    businessImpact: BusinessImpact,
    affectedPeople: z.number().int().nonnegative().optional(),
    personalData: z
      .object({
        involved: z.boolean(),
        records: z.number().int().nonnegative().optional(),
        categories: z.array(ShortText).max(50).default([]),
      })
      .default({ involved: false, categories: [] }),
    othersNotified: z.array(ShortText.min(1)).max(50).default([]),
    contact: z.object({
      name: z.string().trim().min(1).max(100),
      email: z.email(),
      phone: Phone.optional(),
    }),
  })
  .superRefine(
    (r, ctx) => {
      // Run even when other fields are wrong (one answer lists every problem), so `r` may hold values
      // of the wrong type here: every check reads them defensively. Instants, not strings: the same
      // moment written with another offset compares differently as text.
      const at = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : NaN);
      const latest = Date.now() + CLOCK_SKEW_MS;
      const detected = at(r.detectedAt);
      if (detected > latest) {
        // Deadlines run from detection: a time in the future would push every authority's clock out with it.
        ctx.addIssue({ code: 'custom', path: ['detectedAt'], message: 'detectedAt_in_future' });
      }
      if (at(r.startedAt) > detected) {
        ctx.addIssue({ code: 'custom', path: ['startedAt'], message: 'startedAt_after_detectedAt' });
      }
      const ransomware = typeof r.ransomware === 'object' && r.ransomware !== null ? r.ransomware : undefined;
      if (ransomware?.paid === true && !ransomware.paidAt) {
        ctx.addIssue({ code: 'custom', path: ['ransomware', 'paidAt'], message: 'paidAt_required' });
      }
      if (at(ransomware?.paidAt) > latest) {
        ctx.addIssue({ code: 'custom', path: ['ransomware', 'paidAt'], message: 'paidAt_in_future' });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type ReportBody = z.infer<typeof ReportBody>;

/** The reporter's choices: which optional recipients get the report, and whether intel may name them. */
export const Sharing = z.object({
  /** Optional regimes (law/incident-regimes.json, `optional: true`) the reporter shares with. */
  optionalRegimes: z.array(z.string().regex(/^[a-z0-9_]+$/)).max(20).default([]),
  /** May intelligence derived from this report name the reporter? Default: anonymised. */
  nameInIntel: z.boolean().default(false),
});
export type Sharing = z.infer<typeof Sharing>;

/** POST /api/incidents (JSON): a new report at stage `initial`. */
export const SubmitReport = z.object({
  report: ReportBody,
  sharing: Sharing.default({ optionalRegimes: [], nameInIntel: false }),
  /** The autosaved draft this submission came from; it is removed once the report is accepted. */
  draftId: z.uuid().optional(),
});
export type SubmitReport = z.infer<typeof SubmitReport>;

/** POST /api/incidents/{id}/stages: an update or the final report (the whole report again). */
export const SubmitStage = z.object({
  stage: z.enum(['update', 'final']),
  report: ReportBody,
  sharing: Sharing.optional(),
});

export const DELIVERY_STATUSES = ['received', 'triaged', 'supporting', 'closed'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export const SetStatus = z.object({ status: DeliveryStatus });
export const PostMessage = z.object({ body: z.string().trim().min(1).max(5000) });

/** Drafts are whatever the form holds: no validation until submission. */
export const DraftBody = z.object({ content: z.record(z.string(), z.unknown()) });
