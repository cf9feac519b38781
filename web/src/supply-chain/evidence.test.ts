import { describe, expect, it } from 'vitest';
import { evidenceSize, placeEvidenceErrors } from './evidence';

describe('evidence form helpers', () => {
  it('gives sizes below 1 KiB in bytes, larger ones in whole KiB', () => {
    expect(evidenceSize(0)).toEqual({ unit: 'bytes', value: 0 });
    expect(evidenceSize(16)).toEqual({ unit: 'bytes', value: 16 });
    expect(evidenceSize(1023)).toEqual({ unit: 'bytes', value: 1023 });
    expect(evidenceSize(1024)).toEqual({ unit: 'kib', value: 1 });
    expect(evidenceSize(262_144)).toEqual({ unit: 'kib', value: 256 });
  });

  it('places the server’s field messages at the file or URL control, the rest under the form', () => {
    expect(placeEvidenceErrors([{ path: 'url', message: '無効なURL' }])).toEqual({ url: '無効なURL' });
    expect(placeEvidenceErrors([{ path: 'contentBase64', message: '無効なbase64エンコード文字列' }])).toEqual({ file: '無効なbase64エンコード文字列' });
    expect(placeEvidenceErrors([{ path: 'url', message: '無効なURL' }, { path: 'itemId', message: '評価項目がありません: x' }])).toEqual({ url: '無効なURL', form: '評価項目がありません: x' });
  });
});
