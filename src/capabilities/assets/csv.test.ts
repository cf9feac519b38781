import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from './schema.js';
import { readAssetCsv, readYesNo } from './csv.js';

const HEADER = CSV_COLUMNS.join(',');
const rowsOf = (csv: string, lang: 'ja' | 'en' = 'ja') => {
  const r = readAssetCsv(csv, lang);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rows;
};

describe('asset CSV reader', () => {
  it('accepts the usual spellings of yes and no, Japanese and full-width ones too, and refuses anything else', () => {
    for (const v of ['true', 'TRUE', 'Yes', 'y', '1', '１', 'ＴＲＵＥ', 'はい', '○', '◯', 'あり', '該当']) expect(readYesNo(v)).toEqual({ ok: true, value: true });
    for (const v of ['false', 'FALSE', 'No', 'n', '0', '０', 'いいえ', '×', 'なし', '非該当']) expect(readYesNo(v)).toEqual({ ok: true, value: false });
    expect(readYesNo(undefined)).toEqual({ ok: true, value: undefined });
    for (const v of ['maybe', '2', 'tru', '-']) expect(readYesNo(v)).toEqual({ ok: false });
  });

  it('reports a bad designated_critical with the accepted values instead of reading it as false', () => {
    const [row] = rowsOf(`${HEADER}\nVPN,vpn_gateway,Fortinet,FortiOS,7.2.4,,,internet_facing,,,,maybe\n`, 'en');
    expect(row!.input).toBeNull();
    expect(row!.problems).toEqual([{ path: 'line 2, designated_critical', message: expect.stringMatching(/^“maybe” is not accepted\. Write true \/ yes .* if designated, false \/ no .* if not/) }]);
  });

  it('names a short or long row’s column count rather than blaming the column its values slid into', () => {
    const rows = rowsOf(`${HEADER}\n列不足,server,Dell\n列過多,server,Dell,R750,1,,,internal,,,,,extra\n末尾カンマ,server,Dell,R750,1,,,internal,,,,,\n`);
    expect(rows.map((r) => r.problems)).toEqual([
      [{ path: 'line 2', message: 'この行は 3 列ですが、ヘッダー行は 12 列です。区切りのカンマ（,）の数を確認してください。' }],
      [{ path: 'line 3', message: 'この行は 13 列ですが、ヘッダー行は 12 列です。区切りのカンマ（,）の数を確認してください。' }],
      // Empty cells after the last column are what a trailing comma leaves: harmless.
      [],
    ]);
  });

  it('lists an enum’s accepted values in plain words, also when the cell is empty', () => {
    const [row] = rowsOf(`${HEADER}\nVPN,vpn_gateway,Fortinet,FortiOS,7.2.4,,,,,urgent,,\n`, 'en');
    expect(row!.problems).toEqual([
      { path: 'line 2, placement', message: 'Required. Use one of: internet_facing (internet-facing), internal (internal network), ot (OT network)' },
      { path: 'line 2, criticality', message: '“urgent” is not accepted. Use one of: low (low), medium (medium), high (high), critical (critical)' },
    ]);
  });

  it('counts rows as a spreadsheet does: blank rows are skipped but keep their number', () => {
    const rows = rowsOf(`${HEADER}\n\n,,,,,,,,,,,\nVPN,vpn_gateway,Fortinet,FortiOS,7.2.4,,,internet_facing,,,,はい\n`);
    expect(rows).toMatchObject([{ line: 4, problems: [], input: { name: 'VPN', designatedCritical: true } }]);
  });

  it('refuses a header with unknown, doubled or missing columns once, not on every row', () => {
    const r = readAssetCsv('name,catgory,name,maker\nVPN,vpn_gateway,x,Fortinet\n', 'ja');
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: 'line 1', message: expect.stringContaining('不明な列があります: catgory') },
        { path: 'line 1', message: '同じ列名が複数あります: name' },
        { path: 'line 1', message: '必須の列がありません: category, placement' },
      ],
    });
  });

  it('explains CPE and purl problems in the caller’s language', () => {
    const csv = `${HEADER}\nA,server,,,,cpe:/a:v:p:1:2:3:4:5,,internal,,,,\nB,server,,,,cpe:2.3:o:*:*:1,,internal,,,,\nC,software_component,,,,,pkg:npm/,internal,,,,\n`;
    expect(rowsOf(csv).map((r) => r.problems[0]!.message)).toEqual([
      'CPE 2.2（cpe:/…）の要素は 7 個までです。',
      'この CPE は製品を特定していません。vendor と product には * や - ではなく名前を記入してください。',
      'package URL に name がありません。pkg:type/namespace/name@version の形で記入してください。',
    ]);
    expect(rowsOf(csv, 'en').map((r) => r.problems[0]!.message)).toEqual([
      'A CPE 2.2 URI (cpe:/…) has at most 7 components.',
      'This CPE names no single product: vendor and product must be names, not * or -.',
      'The package URL has no name. Use pkg:type/namespace/name@version.',
    ]);
  });
});
