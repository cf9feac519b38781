import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import ja from '../i18n/ja.json';
import { durationParts, formatOffset } from './duration';

async function translator(lng: 'ja' | 'en'): Promise<TFunction> {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { ja: { translation: ja }, en: { translation: en } }, interpolation: { escapeValue: false } });
  return i.t;
}

describe('inject offsets as durations', () => {
  it('writes whole minutes and hours as such, leaving out the zero parts', () => {
    expect(durationParts(900)).toEqual([{ unit: 'minutes', count: 15 }]);
    expect(durationParts(3600)).toEqual([{ unit: 'hours', count: 1 }]);
    expect(durationParts(5400)).toEqual([{ unit: 'hours', count: 1 }, { unit: 'minutes', count: 30 }]);
    expect(durationParts(7205)).toEqual([{ unit: 'hours', count: 2 }, { unit: 'seconds', count: 5 }]);
  });

  it('keeps the seconds an offset was given in, and shows zero as 0 min', () => {
    expect(durationParts(90)).toEqual([{ unit: 'minutes', count: 1 }, { unit: 'seconds', count: 30 }]);
    expect(durationParts(45)).toEqual([{ unit: 'seconds', count: 45 }]);
    expect(durationParts(0)).toEqual([{ unit: 'minutes', count: 0 }]);
  });

  it('reads 「+15 分」「+1 時間 30 分」 in Japanese and "+15 min", "+1 h 30 min" in English, not raw seconds', async () => {
    const tja = await translator('ja');
    expect([0, 900, 2700, 5400, 90].map((s) => formatOffset(s, tja))).toEqual(['+0 分', '+15 分', '+45 分', '+1 時間 30 分', '+1 分 30 秒']);
    const ten = await translator('en');
    expect([0, 900, 2700, 5400, 90, 3600].map((s) => formatOffset(s, ten))).toEqual(['+0 min', '+15 min', '+45 min', '+1 h 30 min', '+1 min 30 s', '+1 h']);
  });
});
