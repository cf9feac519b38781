import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { FieldError } from '../../platform/http/errors.js';
import { formatPath } from '../../platform/http/error-handler.js';
import { localizeIssue, type Lang } from '../../platform/i18n/messages.js';
import { AssetInput, CSV_COLUMNS } from './schema.js';

export const CSV_TEMPLATE =
  `${CSV_COLUMNS.join(',')}\n` +
  'インターネットVPN装置,vpn_gateway,Fortinet,FortiOS,7.2.4,cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*,,internet_facing,インターネットバンキング,critical,tsubasa-systems,true\n' +
  '勘定系DBサーバ,server,Oracle,Database Server,19.3,,,internal,勘定系,critical,,true\n';

export interface CsvRow {
  line: number;
  input: AssetInput;
  operatorOrg: string | null;
}

const truthy = new Set(['true', '1', 'yes', 'y', 'はい', '○']);

/**
 * Reads the asset CSV (header row with the template's column names, UTF-8, optional BOM). Either every
 * row is valid, or the errors name each bad row's line and column and nothing is imported.
 */
export function parseAssetCsv(text: string, lang: Lang): { ok: true; rows: CsvRow[] } | { ok: false; errors: FieldError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    return { ok: false, errors: [{ path: 'csv', message: err instanceof Error ? err.message : String(err) }] };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, errors: [{ path: 'csv', message: lang === 'ja' ? 'ヘッダー行がありません。' : 'The header row is missing.' }] };
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) return { ok: false, errors: [{ path: 'line 1', message: `${lang === 'ja' ? '不明な列' : 'Unknown column(s)'}: ${unknown.join(', ')}` }] };
  const errors: FieldError[] = [];
  const rows: CsvRow[] = [];
  const names = new Map<string, number>();
  body.forEach((cells, i) => {
    const line = i + 2;
    const get = (col: string) => {
      const v = cells[header.indexOf(col)];
      return v === undefined || v === '' ? undefined : v;
    };
    const raw = {
      name: get('name'),
      category: get('category'),
      maker: get('maker'),
      product: get('product'),
      version: get('version'),
      cpe: get('cpe'),
      purl: get('purl'),
      placement: get('placement'),
      service: get('service'),
      criticality: get('criticality'),
      designatedCritical: get('designated_critical') ? truthy.has(get('designated_critical')!.toLowerCase()) : undefined,
    };
    const parsed = AssetInput.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const col = String(issue.path[0] ?? '') === 'designatedCritical' ? 'designated_critical' : formatPath(issue.path);
        errors.push({ path: `line ${line}, ${col}`, message: localizeIssue(issue as z.core.$ZodIssue, lang) });
      }
      return;
    }
    const key = parsed.data.name.toLowerCase();
    if (names.has(key)) {
      errors.push({ path: `line ${line}, name`, message: lang === 'ja' ? `${names.get(key)} 行目と同じ名前です。` : `Same name as line ${names.get(key)}.` });
      return;
    }
    names.set(key, line);
    rows.push({ line, input: parsed.data, operatorOrg: get('operator_org') ?? null });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}
