import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { FieldError } from '../../platform/http/errors.js';
import { formatPath } from '../../platform/http/error-handler.js';
import { localizeIssue, type Lang } from '../../platform/i18n/messages.js';
import { LINK_CSV_COLUMNS, LinkInput } from './schema.js';
import type { LinkDraft } from './service.js';

export const LINK_CSV_TEMPLATE =
  `${LINK_CSV_COLUMNS.join(',')}\n` +
  'tsubasa-systems,勘定系システムの運用保守,yes,yes,yes,high\n' +
  'komorebi-print,通知書・ダイレクトメールの印刷発送,yes,no,no,medium\n';

const YES = new Set(['true', '1', 'yes', 'y', 'はい', '○', '有']);
const NO = new Set(['false', '0', 'no', 'n', 'いいえ', '×', '無']);
const bool = (v: string | undefined) => (v === undefined ? undefined : YES.has(v.toLowerCase()) ? true : NO.has(v.toLowerCase()) ? false : v);

const COLUMN_OF: Record<string, string> = { holdsKeyData: 'holds_key_data', networkAccess: 'network_access', outageUnacceptable: 'outage_unacceptable' };

/**
 * Reads the supplier CSV text (the route decodes UTF-8 or Excel's Shift_JIS; a BOM is ignored), a header
 * row of LINK_CSV_COLUMNS; `supplier` is an organisation slug or id. Either every row parses, or the errors name each bad row's line and column.
 */
export function parseLinkCsv(text: string, lang: Lang): { ok: true; rows: LinkDraft[] } | { ok: false; errors: FieldError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    return { ok: false, errors: [{ path: 'csv', message: err instanceof Error ? err.message : String(err) }] };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, errors: [{ path: 'csv', message: lang === 'ja' ? 'ヘッダー行がありません。' : 'The header row is missing.' }] };
  const unknown = header.filter((h) => !(LINK_CSV_COLUMNS as readonly string[]).includes(h));
  const absent = LINK_CSV_COLUMNS.filter((c) => c !== 'criticality' && !header.includes(c));
  if (unknown.length || absent.length)
    return { ok: false, errors: [{ path: 'line 1', message: [unknown.length ? `${lang === 'ja' ? '不明な列' : 'Unknown column(s)'}: ${unknown.join(', ')}` : '', absent.length ? `${lang === 'ja' ? '必須の列がありません' : 'Missing column(s)'}: ${absent.join(', ')}` : ''].filter(Boolean).join('; ') }] };
  if (body.length === 0) return { ok: false, errors: [{ path: 'csv', message: lang === 'ja' ? 'データ行がありません。' : 'There are no data rows.' }] };
  const errors: FieldError[] = [];
  const rows: LinkDraft[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    const get = (col: string) => {
      const v = cells[header.indexOf(col)];
      return v === undefined || v === '' ? undefined : v;
    };
    const supplier = get('supplier');
    if (!supplier) errors.push({ path: `line ${line}, supplier`, message: lang === 'ja' ? '必須項目です。' : 'Required.' });
    const parsed = LinkInput.omit({ supplierOrgId: true }).safeParse(
      { provides: get('provides'), holdsKeyData: bool(get('holds_key_data')), networkAccess: bool(get('network_access')), outageUnacceptable: bool(get('outage_unacceptable')), criticality: get('criticality') },
      { reportInput: true },
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        errors.push({ path: `line ${line}, ${COLUMN_OF[key] ?? formatPath(issue.path)}`, message: localizeIssue(issue as z.core.$ZodIssue, lang) });
      }
      return;
    }
    if (supplier) rows.push({ input: parsed.data, supplierRef: supplier, path: `line ${line}`, supplierPath: `line ${line}, supplier` });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}
