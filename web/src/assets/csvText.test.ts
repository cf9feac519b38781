import { describe, expect, it } from 'vitest';
import { csvText } from './csvText';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
// "ファイルサーバFS02,server" as Excel saves it on Japanese Windows (Shift_JIS).
const excel = new Uint8Array([0x83, 0x74, 0x83, 0x40, 0x83, 0x43, 0x83, 0x8b, 0x83, 0x54, 0x81, 0x5b, 0x83, 0x6f, ...ascii('FS02,server\r\n')]);

describe('reading a chosen CSV file', () => {
  it('reads UTF-8 with or without a BOM', () => {
    const utf8 = new TextEncoder().encode('ファイルサーバFS02,server\r\n');
    expect(csvText(utf8)).toBe('ファイルサーバFS02,server\r\n');
    expect(csvText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe('ファイルサーバFS02,server\r\n');
  });

  it('reads Excel’s Shift_JIS instead of garbling it', () => {
    expect(csvText(excel)).toBe('ファイルサーバFS02,server\r\n');
    expect(csvText(excel.buffer)).toBe('ファイルサーバFS02,server\r\n');
  });

  it('gives nothing for bytes that are neither', () => {
    expect(csvText(new Uint8Array([0x41, 0xff, 0xfe, 0xfd]))).toBeNull();
  });
});
