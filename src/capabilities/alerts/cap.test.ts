import { describe, expect, it } from 'vitest';
import { capDateTime, toCapXml, type CapAlert } from './cap.js';
import { validateCap } from './cap-validate.js';

const base: CapAlert = {
  id: '0b9f4c56-3e4f-4f5e-9a57-2f7f7a0b1c11',
  status: 'Actual',
  msgType: 'Alert',
  scope: 'Restricted',
  category: ['Security', 'Infra'],
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Likely',
  responseType: ['Prepare', 'Monitor'],
  infos: {
    ja: { event: 'ランサムウェア攻撃', headline: '金融機関を狙うランサムウェア & <script>', description: 'VPN 機器の脆弱性を悪用した侵入が続いています。', instruction: 'VPN 機器を直ちに更新してください。' },
    en: { event: 'Ransomware campaign', headline: 'Ransomware targeting banks', description: 'Intrusions through VPN appliances continue.' },
  },
  sectors: ['finance', 'credit'],
  organizationSlugs: [],
  issuer: { slug: 'nco', name: '国家サイバー統括室', nameEn: 'National Cybersecurity Office' },
  sentAt: new Date('2026-12-01T05:06:07.890Z'),
  expiresAt: new Date('2026-12-02T05:06:07Z'),
  references: [],
  exercise: null,
  web: 'https://renkei.example/alerts/0b9f4c56-3e4f-4f5e-9a57-2f7f7a0b1c11',
};

describe('CAP 1.2 export', () => {
  it('writes times as CAP 1.2 §3.3.2 wants them: seconds and a numeric offset, UTC as -00:00 (never Z, never +00:00)', () => {
    expect(capDateTime(new Date('2026-12-01T05:06:07.890Z'))).toBe('2026-12-01T05:06:07-00:00');
    expect(capDateTime(new Date('2026-12-07T15:44:34Z'))).toBe('2026-12-07T15:44:34-00:00');
  });

  it('every dateTime of a message (sent, expires, the sent stamps in references) is UTC written -00:00', () => {
    const xml = toCapXml({ ...base, msgType: 'Update', references: [{ id: '11111111-2222-4333-8444-555555555555', issuerSlug: 'nco', sentAt: new Date('2026-11-30T00:00:00Z') }] });
    expect(xml).toContain('<sent>2026-12-01T05:06:07-00:00</sent>');
    expect(xml.match(/<expires>2026-12-02T05:06:07-00:00<\/expires>/g)).toHaveLength(2);
    expect(xml).toContain(',2026-11-30T00:00:00-00:00</references>');
    expect(xml).not.toContain('+00:00');
  });

  it('is valid against the OASIS schema, with one info block per language and escaped text', async () => {
    const xml = toCapXml(base);
    const r = await validateCap(xml);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    expect(xml).toContain('<language>ja-JP</language>');
    expect(xml).toContain('<language>en-US</language>');
    expect(xml).toContain('&amp; &lt;script&gt;');
    expect(xml).toContain('<restriction>');
    expect(xml.match(/<value>finance<\/value>/g)).toHaveLength(2);
  });

  it('an Update references the earlier alert as sender,identifier,sent; Private lists its addresses; exercises carry their mark', async () => {
    const xml = toCapXml({
      ...base,
      status: 'Exercise',
      msgType: 'Update',
      scope: 'Private',
      sectors: [],
      organizationSlugs: ['sakura-bank', 'hikari-shinkin'],
      infos: { ja: base.infos.ja },
      references: [{ id: '11111111-2222-4333-8444-555555555555', issuerSlug: 'nco', sentAt: new Date('2026-11-30T00:00:00Z') }],
      exercise: { id: 'e1', name: '分野横断的演習 2026' },
      web: null,
    });
    expect((await validateCap(xml)).valid).toBe(true);
    expect(xml).toContain('<references>urn:renkei:org:nco,urn:renkei:alert:11111111-2222-4333-8444-555555555555,2026-11-30T00:00:00-00:00</references>');
    expect(xml).toContain('<addresses>urn:renkei:org:sakura-bank urn:renkei:org:hikari-shinkin</addresses>');
    expect(xml).toContain('<status>Exercise</status>');
  });

  it('the validator really validates: a message without its info category or with a bad status is refused', async () => {
    const xml = toCapXml(base);
    expect((await validateCap(xml.replace('<status>Actual</status>', '<status>Real</status>'))).valid).toBe(false);
    expect((await validateCap(xml.replaceAll(/<category>\w+<\/category>/g, ''))).valid).toBe(false);
    expect((await validateCap(xml.replace('-00:00</sent>', 'Z</sent>'))).valid).toBe(false);
    // The schema's pattern lets "+00:00" through; the validator holds the spec's rule as well.
    const plus = await validateCap(xml.replace('-00:00</expires>', '+00:00</expires>'));
    expect(plus.valid).toBe(false);
    expect(plus.errors).toEqual([expect.stringContaining('expires: 2026-12-02T05:06:07+00:00')]);
  });
});
