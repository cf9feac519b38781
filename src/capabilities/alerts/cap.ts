import { create } from 'xmlbuilder2';
import type { AlertInfo } from './schema.js';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
const LANGUAGE_TAGS = { ja: 'ja-JP', en: 'en-US' } as const;

/** What a CAP 1.2 message is made of, as Renkei stores an alert (pure data: no database here). */
export interface CapAlert {
  id: string;
  status: 'Actual' | 'Exercise' | 'Test';
  msgType: 'Alert' | 'Update' | 'Cancel';
  scope: 'Public' | 'Restricted' | 'Private';
  category: string[];
  severity: string;
  urgency: string;
  certainty: string;
  responseType: string[];
  infos: { ja: AlertInfo; en?: AlertInfo };
  sectors: string[];
  /** Addressed organisations by slug (CAP <addresses> of a Private alert). */
  organizationSlugs: string[];
  issuer: { slug: string; name: string; nameEn: string };
  sentAt: Date;
  expiresAt: Date | null;
  /** Earlier alerts an Update / Cancel refers to. */
  references: { id: string; issuerSlug: string; sentAt: Date }[];
  exercise: { id: string; name: string | null } | null;
  /** Link to the alert's page, when the platform knows its public address. */
  web: string | null;
}

/** CAP identifiers and senders may not contain spaces, commas, "<" or "&": URNs of uuids and slugs never do. */
export const capIdentifier = (id: string) => `urn:renkei:alert:${id}`;
export const capSender = (slug: string) => `urn:renkei:org:${slug}`;

/**
 * CAP dateTime (CAP 1.2 §3.3.2): seconds precision with a numeric offset. Alphabetic designators such
 * as "Z" are not allowed, and UTC is written "-00:00" ("+00:00" is not CAP). Every CAP time goes
 * through here: sent, expires and the sent stamps inside references.
 */
export function capDateTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}-00:00`;
}

/** Builds the CAP 1.2 XML of one alert: one <info> block per language, ja first. */
export function toCapXml(a: CapAlert): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const alert = doc.ele(CAP_NAMESPACE, 'alert');
  const el = (parent: typeof alert, name: string, text: string) => parent.ele(name).txt(text).up();
  el(alert, 'identifier', capIdentifier(a.id));
  el(alert, 'sender', capSender(a.issuer.slug));
  el(alert, 'sent', capDateTime(a.sentAt));
  el(alert, 'status', a.status);
  el(alert, 'msgType', a.msgType);
  el(alert, 'source', 'Renkei');
  el(alert, 'scope', a.scope);
  if (a.scope === 'Restricted') el(alert, 'restriction', 'TLP:AMBER+STRICT — the addressed sectors and organisations, their competent authorities and the national hub');
  if (a.scope === 'Private') el(alert, 'addresses', a.organizationSlugs.map(capSender).join(' '));
  if (a.exercise) el(alert, 'note', a.exercise.name ? `Exercise ${a.exercise.id}: ${a.exercise.name}` : `Exercise ${a.exercise.id}`);
  if (a.references.length) el(alert, 'references', a.references.map((r) => `${capSender(r.issuerSlug)},${capIdentifier(r.id)},${capDateTime(r.sentAt)}`).join(' '));

  for (const lang of ['ja', 'en'] as const) {
    const text = a.infos[lang];
    if (!text) continue;
    const info = alert.ele('info');
    el(info, 'language', LANGUAGE_TAGS[lang]);
    for (const c of a.category) el(info, 'category', c);
    el(info, 'event', text.event);
    for (const r of a.responseType) el(info, 'responseType', r);
    el(info, 'urgency', a.urgency);
    el(info, 'severity', a.severity);
    el(info, 'certainty', a.certainty);
    if (a.expiresAt) el(info, 'expires', capDateTime(a.expiresAt));
    el(info, 'senderName', lang === 'ja' ? a.issuer.name : a.issuer.nameEn);
    el(info, 'headline', text.headline);
    el(info, 'description', text.description);
    if (text.instruction) el(info, 'instruction', text.instruction);
    if (a.web) el(info, 'web', a.web);
    // Addressed sectors (law/sectors.json codes) have no CAP element of their own: parameters carry them.
    for (const s of a.sectors) info.ele('parameter').ele('valueName').txt('renkei:sector').up().ele('value').txt(s).up().up();
    info.up();
  }
  return doc.end({ prettyPrint: true });
}
