import { describe, expect, it } from 'vitest';
import { emptyForm, emptySharing, indicatorRow, isBlankReport, parseNumber, toDraftContent } from './model';

describe('numbers as people type them', () => {
  it('reads full-width digits (the IME default) and thousands separators', () => {
    expect(parseNumber('２００００')).toBe(20000);
    expect(parseNumber('20,000')).toBe(20000);
    expect(parseNumber('２０，０００')).toBe(20000);
    expect(parseNumber(' 1.5 ')).toBe(1.5);
    expect(parseNumber('１．５')).toBe(1.5);
  });
  it('empty is "not given"; anything else unreadable stays an error (NaN), and a misplaced comma is not a separator', () => {
    expect(parseNumber('   ')).toBeUndefined();
    expect(parseNumber('abc')).toBeNaN();
    expect(parseNumber('2,00')).toBeNaN();
  });
});

describe('a new report worth a draft', () => {
  const content = (patch: Partial<ReturnType<typeof emptyForm>> = {}, sharing = emptySharing()) =>
    toDraftContent({ form: { ...emptyForm(), contact: { name: '林 浩二', email: 'soc@sakura-bank.example', phone: '' }, ...patch }, sharing, idempotencyKey: 'k' });

  it('is blank when opened, with the prefilled contact, blank indicator rows, spaces or an unticked choice', () => {
    expect(isBlankReport(content())).toBe(true);
    expect(isBlankReport(content({ title: '   ', summary: '\n', indicators: [indicatorRow()] }))).toBe(true);
    // A ransom "paid" box belongs to the ransomware section: without that type it sends nothing.
    expect(isBlankReport(content({ ransomware: { ...emptyForm().ransomware, paid: true } }))).toBe(true);
  });

  it('is not blank once anything of the report, or a sharing choice, is entered', () => {
    expect(isBlankReport(content({ title: 'VPN 機器への不正ログイン' }))).toBe(false);
    expect(isBlankReport(content({ type: 'ddos' }))).toBe(false);
    expect(isBlankReport(content({ businessImpact: 'none' }))).toBe(false);
    expect(isBlankReport(content({ indicators: [indicatorRow('ipv4', '198.51.100.7')] }))).toBe(false);
    expect(isBlankReport(content({}, { optionalRegimes: ['police'], nameInIntel: false }))).toBe(false);
    expect(isBlankReport(content({}, { optionalRegimes: [], nameInIntel: true }))).toBe(false);
  });
});
