import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLaw } from '../../platform/law/law.js';
import { dueAt, fieldsFor, loadRegimes, pickFields, planDeliveries, stageSatisfiedBy } from './regimes.js';
import { ReportBody } from './schema.js';

const law = loadLaw();
const regimes = loadRegimes(law);
const base = ReportBody.parse({
  type: 'ransomware',
  title: '基幹系サーバの暗号化',
  summary: '勘定系バックアップサーバがランサムウェアにより暗号化された。',
  detectedAt: '2026-11-20T01:00:00+09:00',
  businessImpact: 'degraded',
  contact: { name: '林 浩二', email: 'soc@sakura-bank.example' },
});
const plan = (report = base, optional: string[] = [], sectors = ['finance']) =>
  planDeliveries(regimes, law, { report, reporterSectors: sectors, optionalRegimes: optional });
const codes = (p: ReturnType<typeof plan>) => p.map((d) => d.regime.code);

describe('incident routing as data', () => {
  it('always reaches the national hub and the competent ministry of the reporter’s sector', () => {
    const p = plan();
    expect(codes(p)).toEqual(['nco', 'competent_ministry']);
    expect(p[1]!.recipient).toEqual({ authorities: ['fsa'] });
    expect(plan(base, [], ['government'])[1]!.recipient).toEqual({ authorities: ['mic', 'digital'] });
  });

  it('reaches the PPC only when personal data is involved, with 5-day and 60-day clocks for an attack', () => {
    const withPd = { ...base, personalData: { involved: true, records: 1200, categories: ['氏名'] } };
    const ppc = plan(withPd).find((d) => d.regime.code === 'ppc')!;
    expect(ppc.stages.map((s) => [s.stage.code, s.dueAt?.toISOString()])).toEqual([
      ['preliminary', '2026-11-24T16:00:00.000Z'],
      ['final', '2027-01-18T16:00:00.000Z'],
    ]);
    // The law's remark on each clock, one text per language.
    expect(ppc.stages.map((s) => [s.stage.note, s.stage.noteEn])).toEqual([
      ['概ね3〜5日以内', 'Promptly, within about 3–5 days'],
      ['30日以内。不正の目的をもって行われたおそれがある場合は60日以内', 'Within 30 days; 60 when caused by wrongful intent such as an attack'],
    ]);
    // Not caused by an attack: 30 days.
    const accident = { ...withPd, type: 'other' as const };
    expect(plan(accident).find((d) => d.regime.code === 'ppc')!.stages[1]!.dueAt?.toISOString()).toBe('2026-12-19T16:00:00.000Z');
  });

  it('starts the PPC’s clocks no earlier than the update that first reported personal data; other regimes keep detection', () => {
    const withPd = { ...base, personalData: { involved: true, records: 1200, categories: ['氏名'] } };
    const updateAt = new Date('2026-12-07T09:00:00Z');
    const p = planDeliveries(regimes, law, { report: withPd, reporterSectors: ['finance'], optionalRegimes: [], reportedAt: (code) => (code === 'nco' ? undefined : updateAt) });
    expect(p.find((d) => d.regime.code === 'ppc')!.stages.map((s) => s.dueAt?.toISOString())).toEqual(['2026-12-12T09:00:00.000Z', '2027-02-05T09:00:00.000Z']);
    // The ministry's clock has no such floor in the law data: it still runs from detection.
    expect(p.find((d) => d.regime.code === 'competent_ministry')!.stages[0]!.dueAt?.toISOString()).toBe('2026-11-20T16:00:00.000Z');
    // Reported before the field's time (a detection a minute ahead of the filing clock): the field wins.
    const ppcFinal = regimes.find((r) => r.code === 'ppc')!.stages[1]!;
    expect(dueAt(ppcFinal, withPd, new Date('2026-11-01T00:00:00Z'))?.toISOString()).toBe('2027-01-18T16:00:00.000Z');
  });

  it('refuses a clock floor that is not a yes or no', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regimes-'));
    const data = JSON.parse(fs.readFileSync(new URL('../../../law/incident-regimes.json', import.meta.url), 'utf8'));
    data.regimes.find((r: { code: string }) => r.code === 'ppc').stages[0].due.notBeforeReported = 'yes';
    fs.writeFileSync(path.join(dir, 'incident-regimes.json'), JSON.stringify(data));
    expect(() => loadRegimes(law, dir)).toThrow(/regimes\.2\.stages\.0\.due\.notBeforeReported/);
    fs.rmSync(dir, { recursive: true });
  });

  it('reaches the police, CIRCIA and NIS2 only when the reporter chooses to share', () => {
    expect(codes(plan(base, ['police', 'circia', 'nis2']))).toEqual(['nco', 'competent_ministry', 'police', 'circia', 'nis2']);
    const nis2 = plan(base, ['nis2']).find((d) => d.regime.code === 'nis2')!;
    expect(nis2.stages.map((s) => s.dueAt?.toISOString())).toEqual(['2026-11-20T16:00:00.000Z', '2026-11-22T16:00:00.000Z', '2026-12-19T16:00:00.000Z']);
    // The form tells the reporter on what basis each optional recipient gets it, in either language.
    const police = regimes.find((r) => r.code === 'police')!;
    expect([police.basis, police.basisEn]).toEqual(['報告者の同意に基づく任意の通報', 'Voluntary notification with the reporter\'s consent']);
  });

  it('starts CIRCIA’s 24-hour ransom clock only once a payment is reported, from the payment time', () => {
    expect(plan(base, ['circia']).find((d) => d.regime.code === 'circia')!.stages.map((s) => s.stage.code)).toEqual(['incident']);
    const paid = { ...base, ransomware: { paid: true, paidAt: '2026-11-21T09:00:00Z' } };
    const circia = plan(paid, ['circia']).find((d) => d.regime.code === 'circia')!;
    expect(circia.stages.map((s) => [s.stage.code, s.dueAt?.toISOString()])).toEqual([
      ['incident', '2026-11-22T16:00:00.000Z'],
      ['ransom_payment', '2026-11-22T09:00:00.000Z'],
    ]);
    const ransomStage = circia.stages[1]!.stage;
    expect(stageSatisfiedBy(ransomStage, 'update', paid)).toBe(true);
    expect(stageSatisfiedBy(ransomStage, 'update', base)).toBe(false);
  });

  it('gives each recipient only the fields its regime grants', () => {
    const ppc = regimes.filter((r) => r.code === 'ppc');
    const view = pickFields({ ...base, indicators: [{ kind: 'ipv4', value: '198.51.100.7' }] }, fieldsFor(ppc));
    expect(view).not.toHaveProperty('indicators');
    expect(view).toHaveProperty('personalData');
    expect(fieldsFor(regimes.filter((r) => ['ppc', 'nco'].includes(r.code)))).toBe('*');
  });

  it('has no deadline where the law sets none, and NIS2’s month is a calendar month', () => {
    const police = regimes.find((r) => r.code === 'police')!;
    expect(dueAt(police.stages[0]!, base)).toBeNull();
    const jan31 = { ...base, detectedAt: '2027-01-31T00:00:00Z' };
    const nis2Final = regimes.find((r) => r.code === 'nis2')!.stages[2]!;
    expect(dueAt(nis2Final, jan31)?.toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });

  it('refuses a stage remark in one language only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regimes-'));
    const data = JSON.parse(fs.readFileSync(new URL('../../../law/incident-regimes.json', import.meta.url), 'utf8'));
    delete data.regimes.find((r: { code: string }) => r.code === 'ppc').stages[0].noteEn;
    fs.writeFileSync(path.join(dir, 'incident-regimes.json'), JSON.stringify(data));
    expect(() => loadRegimes(law, dir)).toThrow(/regimes\.2\.stages\.0\.noteEn: a stage note needs both languages/);
    fs.rmSync(dir, { recursive: true });
  });
});
