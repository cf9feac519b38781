/**
 * CPE names (NISTIR 7695): the 2.3 formatted string `cpe:2.3:a:vendor:product:version:update:edition:
 * language:sw_edition:target_sw:target_hw:other` and the 2.2 URI `cpe:/a:vendor:product:version:update:
 * edition:language` (with the packed `~edition~sw_edition~target_sw~target_hw~other` edition).
 *
 * Identity is vendor + product only (`cpe:<vendor>:<product>`), normalised so that the two bindings, case
 * and escaping never split one product in two; the other attributes are returned separately because a
 * statement about `target_sw=iphone_os` must not be applied to a desktop build.
 */

/** ANY (`*`, or empty in a 2.2 URI), NA (`-`: the attribute does not apply), or a value. */
export type CpeValue = { kind: 'any' } | { kind: 'na' } | { kind: 'value'; value: string; pattern: boolean };

export const CPE_ATTRIBUTES = ['update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

export type Cpe = {
  binding: '2.3' | '2.2';
  part: 'a' | 'o' | 'h' | 'any';
  vendor: CpeValue;
  product: CpeValue;
  version: CpeValue;
} & Record<CpeAttribute, CpeValue>;

export type CpeParse = { ok: true; cpe: Cpe } | { ok: false; message: string };

const ANY: CpeValue = { kind: 'any' };
const NA: CpeValue = { kind: 'na' };

/** Lower-cases and folds spaces to `_` (CPE's own spelling of a space), so "Visual Studio" = "visual_studio". */
function normaliseValue(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '_');
}

/** A 2.3 component: `*`/`-` alone are ANY/NA; `\x` is a literal x; an unescaped `*` or `?` is a wildcard. */
function fsComponent(raw: string): CpeValue {
  if (raw === '*' || raw === '') return ANY;
  if (raw === '-') return NA;
  let value = '';
  let pattern = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c === '\\' && i + 1 < raw.length) value += raw[++i];
    else {
      if (c === '*' || c === '?') pattern = true;
      value += c;
    }
  }
  return { kind: 'value', value: normaliseValue(value), pattern };
}

/** Splits on unescaped colons (a `\:` belongs to the value). */
function splitEscaped(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\' && i + 1 < text.length) cur += c + (text[++i] ?? '');
    else if (c === ':') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function parsePart(p: string | undefined): Cpe['part'] | null {
  const v = (p ?? '').toLowerCase();
  if (v === 'a' || v === 'o' || v === 'h') return v;
  return v === '*' || v === '' ? 'any' : null;
}

function parse23(text: string): CpeParse {
  const parts = splitEscaped(text.slice('cpe:2.3:'.length));
  // The spec requires all 11 components; truncated strings circulate (`cpe:2.3:a:v:p:1.0`) and mean ANY.
  if (parts.length < 3 || parts.length > 11) return { ok: false, message: `CPE 2.3 needs 11 components, got ${parts.length}: ${text}` };
  const part = parsePart(parts[0]);
  if (!part) return { ok: false, message: `bad CPE part "${parts[0]}"` };
  const c = (i: number): CpeValue => fsComponent(parts[i] ?? '*');
  return {
    ok: true,
    cpe: { binding: '2.3', part, vendor: c(1), product: c(2), version: c(3), update: c(4), edition: c(5), language: c(6), swEdition: c(7), targetSw: c(8), targetHw: c(9), other: c(10) },
  };
}

/** A 2.2 component: percent-decoded; `%01`/`%02` are the URI spelling of the `?`/`*` wildcards. */
function uriComponent(raw: string | undefined): CpeValue | null {
  if (raw === undefined || raw === '') return ANY;
  if (raw === '-') return NA;
  const pattern = /%0[12]/i.test(raw);
  try {
    return { kind: 'value', value: normaliseValue(decodeURIComponent(raw.replace(/%01/gi, '?').replace(/%02/gi, '*'))), pattern };
  } catch {
    return null;
  }
}

function parse22(text: string): CpeParse {
  const parts = text.slice('cpe:/'.length).split(':');
  if (parts.length > 7) return { ok: false, message: `CPE 2.2 URI has at most 7 components: ${text}` };
  const part = parsePart(parts[0]);
  if (!part) return { ok: false, message: `bad CPE part "${parts[0]}"` };
  const values = parts.slice(1).map(uriComponent);
  if (values.some((v) => v === null)) return { ok: false, message: `bad percent-encoding in ${text}` };
  const v = (i: number): CpeValue => values[i] ?? ANY;
  const edition = v(4);
  const packed: CpeValue[] = [];
  const rawEdition = parts[5] ?? '';
  if (rawEdition.startsWith('~')) {
    for (const raw of rawEdition.slice(1).split('~')) {
      const u = uriComponent(raw);
      if (!u) return { ok: false, message: `bad packed edition in ${text}` };
      packed.push(u);
    }
  }
  const fromPack = (i: number): CpeValue => (rawEdition.startsWith('~') ? (packed[i] ?? ANY) : i === 0 ? edition : ANY);
  return {
    ok: true,
    cpe: {
      binding: '2.2', part, vendor: v(0), product: v(1), version: v(2), update: v(3), edition: fromPack(0), language: v(5),
      swEdition: fromPack(1), targetSw: fromPack(2), targetHw: fromPack(3), other: fromPack(4),
    },
  };
}

export function parseCpe(text: string): CpeParse {
  const t = text.trim();
  if (/^cpe:2\.3:/i.test(t)) return parse23(`cpe:2.3:${t.slice(8)}`);
  if (/^cpe:\//i.test(t)) return parse22(`cpe:/${t.slice(5)}`);
  return { ok: false, message: `not a CPE name: ${text}` };
}

const keyPart = (v: string): string => v.replace(/\\/g, '\\\\').replace(/:/g, '\\:');

/**
 * `cpe:<vendor>:<product>`, or null when vendor or product is ANY, NA or a wildcard pattern: such a name
 * identifies no single product, and matching it would be the fuzzy matching we refuse to do.
 */
export function cpeKey(cpe: Cpe): string | null {
  const { vendor, product } = cpe;
  if (vendor.kind !== 'value' || product.kind !== 'value' || vendor.pattern || product.pattern) return null;
  if (!vendor.value || !product.value) return null;
  return `cpe:${keyPart(vendor.value)}:${keyPart(product.value)}`;
}

/** The identity key of a CPE string, or null if it does not parse or names no single product. */
export function cpeKeyOf(text: string): string | null {
  const p = parseCpe(text);
  return p.ok ? cpeKey(p.cpe) : null;
}

/** The version component's explicit value (CPE versions are case-insensitive, so it is lower-cased). */
export function cpeVersionValue(cpe: Cpe): string | null {
  return cpe.version.kind === 'value' && !cpe.version.pattern ? cpe.version.value : null;
}

/** The non-version attributes that carry a specific value: the variant a statement is about. */
export function cpeConstraints(cpe: Cpe): Partial<Record<CpeAttribute, string>> {
  const out: Partial<Record<CpeAttribute, string>> = {};
  for (const a of CPE_ATTRIBUTES) {
    const v = cpe[a];
    if (v.kind === 'value' && !v.pattern) out[a] = v.value;
    else if (v.kind === 'na') out[a] = '-';
  }
  return out;
}

const fsEscape = (v: CpeValue): string =>
  v.kind === 'any' ? '*' : v.kind === 'na' ? '-' : v.value.replace(/[^A-Za-z0-9._\-*?]/g, (c) => `\\${c}`);

/** The canonical 2.3 formatted string (lower-case, escaped), whatever binding the input used. */
export function formatCpe23(cpe: Cpe): string {
  const part = cpe.part === 'any' ? '*' : cpe.part;
  const rest = [cpe.vendor, cpe.product, cpe.version, ...CPE_ATTRIBUTES.map((a) => cpe[a])].map(fsEscape);
  return ['cpe', '2.3', part, ...rest].join(':');
}
