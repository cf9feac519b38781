import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { FieldError } from '../../platform/http/errors.js';
import { formatPath } from '../../platform/http/error-handler.js';
import { localizeIssue, type Lang } from '../../platform/i18n/messages.js';
import { assetIdentity } from './identity.js';
import { AssetCategory, AssetInput, Criticality, CSV_COLUMNS, Placement } from './schema.js';
import { acceptedValues, text } from './texts.js';

export const CSV_TEMPLATE =
  `${CSV_COLUMNS.join(',')}\n` +
  'インターネットVPN装置,vpn_gateway,Fortinet,FortiOS,7.2.4,cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*,,internet_facing,インターネットバンキング,critical,tsubasa-systems,true\n' +
  '勘定系DBサーバ,server,Oracle,Database Server,19.3,,,internal,勘定系,critical,,true\n';

export interface CsvRow {
  /** The row number as a spreadsheet shows it (the header is 1; blank rows count). */
  line: number;
  /** The row as the schema reads it; null when the row has problems, which are then in `problems`. */
  input: AssetInput | null;
  operatorOrg: string | null;
  problems: FieldError[];
}

const REQUIRED_COLUMNS = ['name', 'category', 'placement'] as const;
/** The enum columns and what each accepts, for messages a spreadsheet user can act on. */
const ENUMS: Record<string, readonly string[]> = { category: AssetCategory.options, placement: Placement.options, criticality: Criticality.options };

/** Spellings of designated_critical, compared after NFKC and lower-casing (so ＴＲＵＥ and １ count). */
const YES = ['true', 'yes', 'y', '1', 'はい', '○', '◯', 'あり', '該当'];
const NO = ['false', 'no', 'n', '0', 'いいえ', '×', 'なし', '非該当'];

/** A designated_critical cell: empty is "not designated"; anything outside YES/NO is refused, not guessed. */
export function readYesNo(cell: string | undefined): { ok: true; value: boolean | undefined } | { ok: false } {
  if (cell === undefined) return { ok: true, value: undefined };
  const v = cell.normalize('NFKC').trim().toLowerCase();
  if (YES.includes(v)) return { ok: true, value: true };
  if (NO.includes(v)) return { ok: true, value: false };
  return { ok: false };
}

const columnIndex = (path: string): number => {
  const col = path.slice(path.lastIndexOf(', ') + 2);
  const i = (CSV_COLUMNS as readonly string[]).indexOf(col);
  return i < 0 ? CSV_COLUMNS.length : i;
};

/** One schema issue as the CSV's reader should see it: the column's name, and enums' accepted values in plain words. */
function issueMessage(issue: z.core.$ZodIssue, column: string, lang: Lang): string {
  const values = ENUMS[column];
  if (values) {
    if (issue.input === undefined) return text('enum_required', lang, { values: acceptedValues(column, values, lang) });
    if (issue.code === 'invalid_value') return text('enum_invalid', lang, { value: String(issue.input), values: acceptedValues(column, values, lang) });
  }
  return localizeIssue(issue, lang);
}

/**
 * Reads the asset CSV (header row with the template's column names; text already decoded, optional BOM).
 * `ok: false` when the file itself cannot be read (not CSV, bad header). Otherwise every row comes back
 * with every problem found in it — column count, schema, designated_critical, CPE/purl, duplicate names
 * — so one upload reports them all; what needs the database (operator_org) is checked by the service.
 */
export function readAssetCsv(csv: string, lang: Lang): { ok: true; rows: CsvRow[] } | { ok: false; errors: FieldError[] } {
  let records: string[][];
  try {
    // Empty lines are kept (and skipped below) so that row numbers stay those a spreadsheet shows.
    records = parse(csv, { bom: true, skip_empty_lines: false, relax_column_count: true, trim: true });
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    return { ok: false, errors: [{ path: 'csv', message: text('csv_unreadable', lang, { line: typeof line === 'number' ? line : '?' }) }] };
  }
  const blank = (cells: string[]) => cells.every((c) => c === '');
  const headerAt = records.findIndex((r) => !blank(r));
  const header = records[headerAt];
  if (!header) return { ok: false, errors: [{ path: 'csv', message: text('header_missing', lang) }] };
  const headerPath = `line ${headerAt + 1}`;
  const known = CSV_COLUMNS as readonly string[];
  const headerErrors: FieldError[] = [];
  const unknown = header.filter((h) => !known.includes(h));
  if (unknown.length) headerErrors.push({ path: headerPath, message: text('unknown_columns', lang, { columns: unknown.map((h) => h || '""').join(', '), allowed: known.join(', ') }) });
  const twice = [...new Set(header.filter((h, i) => h && header.indexOf(h) !== i))];
  if (twice.length) headerErrors.push({ path: headerPath, message: text('duplicate_columns', lang, { columns: twice.join(', ') }) });
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) headerErrors.push({ path: headerPath, message: text('missing_columns', lang, { columns: missing.join(', ') }) });
  // With the columns wrong, every row would repeat the same complaint: the header's problems are enough.
  if (headerErrors.length) return { ok: false, errors: headerErrors };

  const rows: CsvRow[] = [];
  const names = new Map<string, number>();
  records.forEach((cells, i) => {
    if (i <= headerAt || blank(cells)) return;
    const line = i + 1;
    const at = (col: string) => `line ${line}, ${col}`;
    const extra = cells.slice(header.length).some((c) => c !== '');
    if (cells.length < header.length || extra) {
      // Cells are read by position: a short or long row would put values under the wrong columns.
      rows.push({ line, input: null, operatorOrg: null, problems: [{ path: `line ${line}`, message: text('column_count', lang, { cells: cells.length, header: header.length }) }] });
      return;
    }
    const get = (col: string) => {
      const v = cells[header.indexOf(col)];
      return v === undefined || v === '' ? undefined : v;
    };
    const problems: FieldError[] = [];
    const designated = readYesNo(get('designated_critical'));
    if (!designated.ok) {
      problems.push({ path: at('designated_critical'), message: text('boolean_invalid', lang, { value: get('designated_critical')!, yes: YES.join(' / '), no: NO.join(' / ') }) });
    }
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
      designatedCritical: designated.ok ? designated.value : undefined,
    };
    const parsed = AssetInput.safeParse(raw, { reportInput: true });
    const issues = parsed.success ? [] : parsed.error.issues;
    for (const issue of issues) {
      const column = formatPath(issue.path);
      problems.push({ path: at(column), message: issueMessage(issue, column, lang) });
    }
    // The engine's stricter reading of CPE and purl, for those that passed the schema's format check.
    const badFormat = (col: string) => issues.some((i) => i.path[0] === col);
    const identity = assetIdentity({ ...raw, cpe: badFormat('cpe') ? undefined : raw.cpe, purl: badFormat('purl') ? undefined : raw.purl }, lang);
    for (const e of identity.errors) problems.push({ path: at(e.field), message: e.message });
    const key = raw.name?.toLowerCase();
    if (key !== undefined) {
      const first = names.get(key);
      if (first !== undefined) problems.push({ path: at('name'), message: text('duplicate_name', lang, { line: first }) });
      else names.set(key, line);
    }
    problems.sort((a, b) => columnIndex(a.path) - columnIndex(b.path));
    rows.push({ line, input: parsed.success && !problems.length ? parsed.data : null, operatorOrg: get('operator_org') ?? null, problems });
  });
  return { ok: true, rows };
}
