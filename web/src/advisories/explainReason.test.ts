import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { matchAsset } from '../../../src/capabilities/advisories/engine/match.js';
import type { Affected, Asset, ReasonCase as EngineCase } from '../../../src/capabilities/advisories/engine/model.js';
import en from '../i18n/en.json';
import ja from '../i18n/ja.json';
import { explainReason, localRange } from './explainReason';
import { REASON_CASES, type MatchReason, type ReasonCase } from './types';
import { statement as entry } from '../../../src/capabilities/advisories/engine/statement.fixtures.js';

// The web's list of cases is the engine's, both ways (a compile error otherwise).
const sameCases: [ReasonCase, EngineCase] extends [EngineCase, ReasonCase] ? true : never = true;

async function translator(lng: 'ja' | 'en'): Promise<TFunction> {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { ja: { translation: ja }, en: { translation: en } }, interpolation: { escapeValue: false } });
  return i.t;
}

const cpe = (version: string, product = 'apache:dolphinscheduler', variant = '*'): Asset => ({ cpe: `cpe:2.3:a:${product}:${version}:*:*:*:*:${variant}:*:*` });
const rhel = entry({ identity: { kind: 'purl', key: 'purl:rpm/redhat/openssh' }, platform: { identity: { kind: 'cpe', key: 'cpe:redhat:enterprise_linux' }, version: '9' } });

/** One engine result for every case it can give, from the rules in engine/match.ts. */
const EXAMPLES: Array<[ReasonCase, Asset, Affected]> = [
  ['within', cpe('3.2.1'), entry()],
  ['doubt', cpe('3.2.1', 'apache:dolphinscheduler'), entry({ constraints: { targetSw: 'iphone_os' } })],
  ['doubt', { purl: 'pkg:rpm/redhat/openssh@3.2.1' }, rhel],
  ['doubt', { purl: 'pkg:rpm/redhat/openssh@3.2.1', platform: 'cpe:/o:redhat:enterprise_linux' }, rhel],
  ['inferred', cpe('3.2.1'), entry({ inferred: true })],
  ['unbounded', cpe('3.2.1'), entry({ ranges: 'all' })],
  ['under-investigation', cpe('3.2.1'), entry({ status: 'under_investigation' })],
  ['incomparable', cpe('12.4\\(24\\)t'), entry({ ranges: [{ kind: 'interval', upper: { version: '15.2(4)M6', inclusive: false } }] })],
  ['no-version', cpe('*'), entry()],
  ['unaffected-incomparable', cpe('12.4\\(24\\)t'), entry({ status: 'fixed', ranges: [{ kind: 'interval', lower: { version: '15.2(4)M6', inclusive: true } }] })],
  ['unaffected-no-version', cpe('*'), entry({ status: 'unaffected' })],
  ['within-unaffected', cpe('3.2.2'), entry({ status: 'fixed', ranges: [{ kind: 'exact', version: '3.2.2' }], justification: 'vulnerable_code_not_present' })],
  ['outside-unaffected', cpe('3.3.0'), entry({ status: 'fixed', ranges: [{ kind: 'exact', version: '3.2.2' }] })],
  ['outside', cpe('3.2.2'), entry()],
  ['decided-earlier', cpe('3.1.5'), entry({ ranges: 'all', status: 'unaffected', except: [{ kind: 'interval', lower: { version: '3.1.0', inclusive: true }, upper: { version: '3.2.0', inclusive: false } }] })],
  ['git-ranges', cpe('3.2.1'), entry({ scheme: 'git', ranges: [{ kind: 'interval', lower: { version: 'a1b2c3d', inclusive: true }, upper: { version: 'e4f5a6b', inclusive: false } }] })],
];

const reasonOf = (asset: Asset, e: Affected): MatchReason => {
  const r = matchAsset(asset, e);
  if (!r) throw new Error('no result');
  return r.reason as MatchReason;
};

describe('the engine’s explanation in the reader’s language', () => {
  it('has an example for every case the engine records', () => {
    expect(sameCases).toBe(true);
    expect(new Set(EXAMPLES.map(([c]) => c))).toEqual(new Set(REASON_CASES));
  });

  it('says in English word for word what the engine wrote, from the recorded case and details alone', async () => {
    const t = await translator('en');
    for (const [because, asset, e] of EXAMPLES) {
      const r = reasonOf(asset, e);
      expect(r.because, r.explanation).toBe(because);
      // The web writes apostrophes typographically, as everywhere in its English, and names a VEX
      // justification by its label rather than its code.
      const label: string = r.justification ? t(`advisories.vex.${r.justification}`, { defaultValue: r.justification }) : '';
      expect(explainReason(t, r)?.replaceAll('’', "'")).toBe(r.justification ? r.explanation.replace(r.justification, label) : r.explanation);
    }
  });

  it('says it in Japanese, quoting the version, the range and the product', async () => {
    const t = await translator('ja');
    for (const [, asset, e] of EXAMPLES) {
      const r = reasonOf(asset, e);
      const ja = explainReason(t, r)!;
      expect(ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(ja).not.toMatch(/\{\{|advisories\.|\b(is|the|advisory)\b/);
      expect(ja).toContain(r.key);
      if (r.assetVersion && r.because !== 'git-ranges') expect(ja).toContain(r.assetVersion);
    }
    const within = explainReason(t, reasonOf(cpe('3.2.2'), entry({ status: 'fixed', ranges: [{ kind: 'exact', version: '3.2.2' }], justification: 'vulnerable_code_not_present' })));
    expect(within).toBe('バージョン 3.2.2 は、脆弱性情報が cpe:apache:dolphinscheduler について「修正済み」とする範囲 =3.2.2 に含まれます（理由: 脆弱なコードが含まれていない）。');
    expect(localRange(t, 'any version except >=1.0.2 <=1.0.2a')).toBe('>=1.0.2 <=1.0.2a を除くすべてのバージョン');
    expect(localRange(t, 'All versions before the April release')).toBe('All versions before the April release');
  });

  it('leaves a reason stored before the engine recorded its case to the English sentence', async () => {
    const t = await translator('ja');
    const { because: _c, status: _s, ...old } = reasonOf(cpe('3.2.1'), entry());
    expect(explainReason(t, old)).toBeNull();
  });
});
