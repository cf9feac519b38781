import type { BusinessImpact, IncidentType, IndicatorKind, IntrusionRoute, ReportBody, Sharing } from '../types';
import { BUSINESS_IMPACTS, INCIDENT_TYPES, INDICATOR_KINDS, INTRUSION_ROUTES } from '../types';
import { isoToLocal, localToIso } from './datetime';

/**
 * What the form holds: the report as the inputs show it (text for numbers and times, one line per
 * list item). It is also what a draft stores, so a reload restores exactly what was typed, valid or not.
 */
export type IndicatorRow = { key: string; kind: IndicatorKind; value: string; note: string };

export type FormState = {
  type: IncidentType | '';
  title: string;
  summary: string;
  detectedAt: string;
  startedAt: string;
  affectedServices: string;
  affectedSystems: string;
  intrusionRoute: IntrusionRoute | '';
  intrusionDetail: string;
  ransomware: { noteText: string; encryptedExtension: string; family: string; demandAmount: string; paid: boolean; paidAt: string };
  ddos: { peakGbps: string; peakPps: string; targets: string; durationMinutes: string };
  indicators: IndicatorRow[];
  businessImpact: BusinessImpact | '';
  affectedPeople: string;
  personalData: { involved: boolean; records: string; categories: string };
  othersNotified: string;
  contact: { name: string; email: string; phone: string };
  /** Registered-asset links of affected systems, kept from a loaded report so an update keeps them. */
  systemAssets: { assetId: string; description: string }[];
};

export type SharingState = Sharing;

/** Server-style paths (`report.title`, `report.indicators[2].value`) → message. */
export type FieldErrors = Record<string, string>;

export const emptySharing = (): SharingState => ({ optionalRegimes: [], nameInIntel: false });

let rowCounter = 0;
export const indicatorRow = (kind: IndicatorKind = 'ipv4', value = '', note = ''): IndicatorRow => ({
  key: `ind-${Date.now().toString(36)}-${(rowCounter++).toString(36)}`,
  kind,
  value,
  note,
});

export function emptyForm(): FormState {
  return {
    type: '',
    title: '',
    summary: '',
    detectedAt: '',
    startedAt: '',
    affectedServices: '',
    affectedSystems: '',
    intrusionRoute: '',
    intrusionDetail: '',
    ransomware: { noteText: '', encryptedExtension: '', family: '', demandAmount: '', paid: false, paidAt: '' },
    ddos: { peakGbps: '', peakPps: '', targets: '', durationMinutes: '' },
    indicators: [],
    businessImpact: '',
    affectedPeople: '',
    personalData: { involved: false, records: '', categories: '' },
    othersNotified: '',
    contact: { name: '', email: '', phone: '' },
    systemAssets: [],
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
const opt = (text: string) => (text.trim() === '' ? undefined : text.trim());
/**
 * A number as people type it: full-width digits (the Japanese IME's default), thousands separators
 * (20,000 or ２０，０００) and spaces around it. Empty → undefined; anything else unreadable → NaN.
 */
export function parseNumber(text: string): number | undefined {
  const plain = text.normalize('NFKC').trim();
  if (plain === '') return undefined;
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(plain) ? Number(plain.replace(/,/g, '')) : Number(plain);
}
const num = parseNumber;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const numText = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const listText = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').join('\n') : '');
const oneOf = <T extends string>(values: readonly T[], v: unknown): T | '' => (values.includes(v as T) ? (v as T) : '');

/** The report the API receives. Call after `validate` found nothing; optional blanks are left out. */
export function toReport(f: FormState): ReportBody {
  const systems = lines(f.affectedSystems).map((description) => {
    const assetId = f.systemAssets.find((s) => s.description === description)?.assetId;
    return assetId ? { assetId, description } : { description };
  });
  const report: ReportBody = {
    type: f.type as IncidentType,
    title: f.title.trim(),
    summary: f.summary.trim(),
    detectedAt: localToIso(f.detectedAt) ?? f.detectedAt,
    startedAt: f.startedAt ? (localToIso(f.startedAt) ?? f.startedAt) : undefined,
    affectedServices: lines(f.affectedServices),
    affectedSystems: systems,
    intrusionRoute: f.intrusionRoute || undefined,
    intrusionDetail: opt(f.intrusionDetail),
    indicators: f.indicators
      .filter((i) => i.value.trim() !== '' || i.note.trim() !== '')
      .map((i) => ({ kind: i.kind, value: i.value.trim(), ...(i.note.trim() ? { note: i.note.trim() } : {}) })),
    businessImpact: f.businessImpact as BusinessImpact,
    affectedPeople: num(f.affectedPeople),
    personalData: f.personalData.involved
      ? { involved: true, records: num(f.personalData.records), categories: lines(f.personalData.categories) }
      : { involved: false, categories: [] },
    othersNotified: lines(f.othersNotified),
    contact: { name: f.contact.name.trim(), email: f.contact.email.trim(), phone: opt(f.contact.phone) },
  };
  if (f.type === 'ransomware') {
    const r = f.ransomware;
    report.ransomware = {
      noteText: opt(r.noteText),
      encryptedExtension: opt(r.encryptedExtension),
      family: opt(r.family),
      demandAmount: opt(r.demandAmount),
      paid: r.paid,
      paidAt: r.paid && r.paidAt ? (localToIso(r.paidAt) ?? r.paidAt) : undefined,
    };
  }
  if (f.type === 'ddos') {
    const d = f.ddos;
    report.ddos = { peakGbps: num(d.peakGbps), peakPps: num(d.peakPps), targets: lines(d.targets), durationMinutes: num(d.durationMinutes) };
  }
  // JSON drops `undefined`, but the diff and the idempotency hash are clearer without the keys at all.
  return JSON.parse(JSON.stringify(report)) as ReportBody;
}

/**
 * The form for a report: one the caller received back from the server, or an uploaded file. Unknown
 * or malformed values become blanks for the user to fill rather than errors.
 */
export function fromReport(input: unknown): FormState {
  const r = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const obj = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const rw = obj(r.ransomware);
  const dd = obj(r.ddos);
  const pd = obj(r.personalData);
  const ct = obj(r.contact);
  const systems = (Array.isArray(r.affectedSystems) ? r.affectedSystems : []).map(obj);
  const indicators = (Array.isArray(r.indicators) ? r.indicators : []).map(obj);
  return {
    type: oneOf(INCIDENT_TYPES, r.type),
    title: str(r.title),
    summary: str(r.summary),
    detectedAt: isoToLocal(str(r.detectedAt)),
    startedAt: isoToLocal(str(r.startedAt)),
    affectedServices: listText(r.affectedServices),
    affectedSystems: systems.map((s) => str(s.description)).filter(Boolean).join('\n'),
    intrusionRoute: oneOf(INTRUSION_ROUTES, r.intrusionRoute),
    intrusionDetail: str(r.intrusionDetail),
    ransomware: {
      noteText: str(rw.noteText),
      encryptedExtension: str(rw.encryptedExtension),
      family: str(rw.family),
      demandAmount: str(rw.demandAmount),
      paid: rw.paid === true,
      paidAt: isoToLocal(str(rw.paidAt)),
    },
    ddos: { peakGbps: numText(dd.peakGbps), peakPps: numText(dd.peakPps), targets: listText(dd.targets), durationMinutes: numText(dd.durationMinutes) },
    indicators: indicators.map((i) => indicatorRow(oneOf(INDICATOR_KINDS, i.kind) || 'ipv4', str(i.value), str(i.note))),
    businessImpact: oneOf(BUSINESS_IMPACTS, r.businessImpact),
    affectedPeople: numText(r.affectedPeople),
    personalData: { involved: pd.involved === true, records: numText(pd.records), categories: listText(pd.categories) },
    othersNotified: listText(r.othersNotified),
    contact: { name: str(ct.name), email: str(ct.email), phone: str(ct.phone) },
    systemAssets: systems.filter((s) => typeof s.assetId === 'string').map((s) => ({ assetId: str(s.assetId), description: str(s.description) })),
  };
}

/** What a draft stores. `form` is the state above; a draft written by another client may hold a report. */
export type DraftContent = { form: FormState; sharing: SharingState; idempotencyKey: string; stageOf?: StageOf };

/** An update or final report being written: which report, which stage, from which version. */
export type StageOf = { reportId: string; stage: 'update' | 'final'; version: number };

/** The stage a draft belongs to, or null for a draft of a new report. */
export function stageOfDraft(content: Record<string, unknown>): StageOf | null {
  const s = content.stageOf as Partial<StageOf> | undefined;
  if (!s || typeof s.reportId !== 'string' || (s.stage !== 'update' && s.stage !== 'final') || typeof s.version !== 'number') return null;
  return { reportId: s.reportId, stage: s.stage, version: s.version };
}

export function toDraftContent(content: DraftContent): Record<string, unknown> {
  return { ...content, kind: 'renkei.incident-form/1' };
}

export function fromDraftContent(content: Record<string, unknown>): Partial<DraftContent> & { form: FormState } {
  if (content.kind === 'renkei.incident-form/1' && typeof content.form === 'object' && content.form !== null) {
    // Merge onto an empty form so a draft saved by an older version of the form lacks nothing.
    const saved = content.form as Partial<FormState>;
    const base = emptyForm();
    const form: FormState = {
      ...base,
      ...saved,
      ransomware: { ...base.ransomware, ...saved.ransomware },
      ddos: { ...base.ddos, ...saved.ddos },
      personalData: { ...base.personalData, ...saved.personalData },
      contact: { ...base.contact, ...saved.contact },
      indicators: Array.isArray(saved.indicators) ? saved.indicators : [],
      systemAssets: Array.isArray(saved.systemAssets) ? saved.systemAssets : [],
    };
    const sharing = content.sharing as SharingState | undefined;
    return {
      form,
      sharing: sharing && Array.isArray(sharing.optionalRegimes) ? sharing : emptySharing(),
      idempotencyKey: typeof content.idempotencyKey === 'string' ? content.idempotencyKey : undefined,
    };
  }
  // A draft posted by another client holds (part of) a report.
  return { form: fromReport(content) };
}

/**
 * Whether a new report's draft content holds nothing the user entered: autosave creates no draft for
 * it, so opening the form, or typing and clearing a field, leaves no empty draft behind. Judged on
 * what would be sent (blank indicator rows and spaces are not); the contact does not count, since
 * the form fills it in with the signed-in user.
 */
export function isBlankReport(content: Record<string, unknown>): boolean {
  const { form, sharing = emptySharing() } = fromDraftContent(content);
  const { contact: _typed, ...report } = toReport(form);
  const { contact: _prefilled, ...blank } = toReport(emptyForm());
  return JSON.stringify(report) === JSON.stringify(blank) && sharing.optionalRegimes.length === 0 && !sharing.nameInIntel;
}

/** A draft's title for the list of drafts, whatever client wrote it. */
export function draftTitle(content: Record<string, unknown>): string {
  const form = content.form as { title?: unknown } | undefined;
  const title = typeof form?.title === 'string' ? form.title : typeof content.title === 'string' ? content.title : '';
  return title.trim();
}
