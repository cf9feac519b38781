import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatDeadline } from '../../i18n/format';
import en from '../../i18n/en.json';
import ja from '../../i18n/ja.json';
import { describeChange } from './changes';

async function translator(lng: 'ja' | 'en'): Promise<TFunction> {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { ja: { translation: ja }, en: { translation: en } }, interpolation: { escapeValue: false } });
  return i.t;
}

const tJa = await translator('ja');
const tEn = await translator('en');

describe('describeChange', () => {
  it('names an enumeration by its labels, not its codes', () => {
    const change = { path: 'businessImpact', before: 'degraded', after: 'stopped' };
    expect(describeChange(change, tJa, 'ja')).toEqual({ label: '業務への影響', path: null, before: { text: '一部停止・縮退運転' }, after: { text: '停止' } });
    expect(describeChange(change, tEn, 'en')).toEqual({ label: 'Business impact', path: null, before: { text: 'Partly stopped or degraded' }, after: { text: 'Stopped' } });
  });

  it('writes an added indicator as its kind and value, with its note aside', () => {
    const added = { path: 'indicators[20]', before: undefined, after: { kind: 'ipv4', value: '203.0.113.77' } };
    expect(describeChange(added, tJa, 'ja')).toEqual({ label: '痕跡情報（21 件目）', path: null, before: { text: '（なし）' }, after: { text: 'IPv4 アドレス 203.0.113.77' } });
    expect(describeChange(added, tEn, 'en')).toMatchObject({ label: 'Indicator 21', before: { text: '(none)' }, after: { text: 'IPv4 address 203.0.113.77' } });
    const noted = { path: 'indicators[0]', before: { kind: 'domain', value: 'evil.example', note: 'C2 サーバ' }, after: undefined };
    expect(describeChange(noted, tJa, 'ja').before).toEqual({ text: 'ドメイン名 evil.example（C2 サーバ）' });
    expect(describeChange({ path: 'indicators[2].kind', before: 'md5', after: 'sha1' }, tJa, 'ja')).toEqual({
      label: '種類（3 件目）',
      path: null,
      before: { text: 'MD5 ハッシュ値' },
      after: { text: 'SHA-1 ハッシュ値' },
    });
  });

  it('writes times locally, yes/no in words, numbers grouped, and list entries with their number', () => {
    const iso = '2026-11-20T01:00:00+09:00';
    expect(describeChange({ path: 'ransomware.paidAt', before: undefined, after: iso }, tJa, 'ja')).toMatchObject({ label: '支払日時', after: { text: formatDeadline(iso, 'ja') } });
    expect(describeChange({ path: 'personalData.involved', before: false, after: true }, tJa, 'ja')).toEqual({
      label: '個人情報の漏えい等（そのおそれを含む）がある',
      path: null,
      before: { text: 'いいえ' },
      after: { text: 'はい' },
    });
    expect(describeChange({ path: 'personalData.records', before: undefined, after: 12000 }, tEn, 'en').after).toEqual({ text: '12,000' });
    expect(describeChange({ path: 'personalData.categories[1]', before: undefined, after: '口座番号' }, tJa, 'ja')).toMatchObject({ label: '漏えい等した個人情報の項目（2 件目）', after: { text: '口座番号' } });
    expect(describeChange({ path: 'affectedSystems[0].description', before: 'A', after: 'B' }, tEn, 'en')).toMatchObject({ label: 'Affected systems (item 1)', before: { text: 'A' } });
  });

  it('shows an added object field by field, with their labels', () => {
    const change = { path: 'ransomware', before: undefined, after: { family: 'LockBit 3.0', paid: false, encryptedExtension: '.lockbit' } };
    expect(describeChange(change, tJa, 'ja')).toEqual({
      label: 'ランサムウェアの詳細',
      path: null,
      before: { text: '（なし）' },
      after: {
        fields: [
          { label: 'ランサムウェアの名称（ファミリー）', value: 'LockBit 3.0' },
          { label: '身代金を支払った', value: 'いいえ' },
          { label: '暗号化されたファイルの拡張子', value: '.lockbit' },
        ],
      },
    });
    const contact = describeChange({ path: 'contact', before: { name: '林 浩二', email: 'soc@sakura-bank.example' }, after: undefined }, tEn, 'en');
    expect(contact.before).toEqual({ fields: [{ label: 'Contact name', value: '林 浩二' }, { label: 'Contact e-mail', value: 'soc@sakura-bank.example' }] });
  });

  it('keeps the path, and the value as data, for a field it has no words for', () => {
    expect(describeChange({ path: 'schemaVersion', before: undefined, after: 1 }, tJa, 'ja')).toEqual({ label: 'schemaVersion', path: 'schemaVersion', before: { text: '（なし）' }, after: { text: '1' } });
    expect(describeChange({ path: 'affectedSystems[0]', before: undefined, after: { x: [1] } }, tJa, 'ja').after).toEqual({ text: '{"x":[1]}' });
  });
});
