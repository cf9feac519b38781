import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explanationIn, JA } from './reason-text.js';

const webJa = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../web/src/i18n/ja.json'), 'utf8')).advisories;

describe('a match’s explanation in the reader’s language', () => {
  it('uses the dashboard’s Japanese templates word for word', () => {
    expect(JA.because).toEqual(webJa.reason.because);
    expect(JA.marks).toEqual(webJa.reason.marks);
    expect(JA.doubt).toEqual(webJa.reason.doubt);
    expect(JA.vex).toEqual(webJa.vex);
    expect([JA.anyVersion, JA.anyVersionExcept, JA.why]).toEqual([webJa.reason.anyVersion, webJa.reason.anyVersionExcept, webJa.reason.why]);
  });

  const within = {
    explanation: 'Version 7.0.12 is within >=7.0.0 <7.0.14, which the advisory marks affected for cpe:fortinet:fortios.',
    because: 'within',
    status: 'affected',
    range: '>=7.0.0 <7.0.14',
    key: 'cpe:fortinet:fortios',
    assetVersion: '7.0.12',
  };

  it('words Japanese from the stored case and details, and keeps the engine’s English', () => {
    expect(explanationIn(within, 'ja')).toBe('バージョン 7.0.12 は、脆弱性情報が cpe:fortinet:fortios について「影響あり」とする範囲 >=7.0.0 <7.0.14 に含まれます。');
    expect(explanationIn(within, 'en')).toBe(within.explanation);
  });

  it('translates the range phrase, the doubt and the VEX justification', () => {
    expect(explanationIn({ explanation: 'x', because: 'unbounded', status: 'affected', range: 'any version', key: 'cpe:a:b', assetVersion: '1.0' }, 'ja')).toBe(
      '脆弱性情報は cpe:a:b をバージョンの範囲を限らずに（すべてのバージョン）「影響あり」としているため、バージョン 1.0 は影響の可能性にとどまります。',
    );
    expect(explanationIn({ explanation: 'x', because: 'doubt', status: 'affected', range: '<2', key: 'cpe:a:b', assetVersion: '1.0', doubt: { kind: 'platform-unrecorded', subject: 'linux' } }, 'ja')).toBe(
      'バージョン 1.0 は、cpe:a:b について「影響あり」とされる範囲 <2 に含まれます。ただし、この記述はプラットフォーム linux に限ったもので、設備のプラットフォームが登録されていません。',
    );
    expect(explanationIn({ explanation: 'x', because: 'within-unaffected', status: 'unaffected', range: '<2', key: 'cpe:a:b', assetVersion: '1.0', justification: 'component_not_present' }, 'ja')).toBe(
      'バージョン 1.0 は、脆弱性情報が cpe:a:b について「影響なし」とする範囲 <2 に含まれます（理由: 該当する部品が含まれていない）。',
    );
  });

  it('gives a reason stored before the engine recorded its case as the English it has', () => {
    expect(explanationIn({ explanation: 'Version 1 is within <2.', range: '<2' }, 'ja')).toBe('Version 1 is within <2.');
  });
});
