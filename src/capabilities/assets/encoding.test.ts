import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from './encoding.js';

const excel = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/excel-shift_jis.csv'));

describe('CSV upload decoding', () => {
  it('reads UTF-8, with or without a BOM', () => {
    expect(decodeCsvBytes(Buffer.from('名称,x\n'))).toEqual({ ok: true, text: '名称,x\n', encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.from('\ufeff名称,x\n'))).toEqual({ ok: true, text: '名称,x\n', encoding: 'utf-8' });
  });

  it('reads Excel’s Shift_JIS (with the Windows extensions such as ①) when the bytes are not UTF-8', () => {
    const r = decodeCsvBytes(excel);
    expect(r).toMatchObject({ ok: true, encoding: 'shift_jis' });
    expect(r.ok && r.text).toContain('ファイルサーバFS02,server,富士通');
    expect(r.ok && r.text).toContain('勘定系ＤＢサーバ①');
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS', () => {
    expect(decodeCsvBytes(Buffer.from([0x41, 0xff, 0xfe, 0xfd]))).toEqual({ ok: false });
    expect(decodeCsvBytes(Buffer.from([0x41, 0x81]))).toEqual({ ok: false });
  });
});
