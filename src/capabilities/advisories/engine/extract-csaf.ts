/**
 * CSAF 2.0 document → advisory metadata + affected statements. The product tree is walked once to give
 * every product_id an identity (helper purl, else helper CPE, else the vendor/product branch names as an
 * alias-only key) and a version range (product_version, product_version_range, or the helper's version);
 * relationships (`default_component_of`, `installed_on` …) give the component's identity scoped to the
 * platform. Each product_status list then turns product ids into statements.
 */
import { z } from 'zod';
import { cpeConstraints, cpeKey, cpeVersionValue, parseCpe } from './cpe.js';
import { nameKey } from './identity.js';
import type { Affected, AffectedStatus, AdvisoryMeta, Cvss, Extraction, Identity, Remediation, VexStatement } from './model.js';
import { parsePurl, purlKey, purlVersion } from './purl.js';
import { parseRangeExpression, parseVers, type VersionRange } from './ranges.js';

const Helper = z.object({ cpe: z.string().optional(), purl: z.string().optional() });
const FullProductName = z.object({ name: z.string(), product_id: z.string(), product_identification_helper: Helper.optional() });
type FullProductNameT = z.infer<typeof FullProductName>;
type BranchT = { category: string; name: string; product?: FullProductNameT | undefined; branches?: BranchT[] | undefined };
const Branch: z.ZodType<BranchT> = z.lazy(() =>
  z.object({ category: z.string(), name: z.string(), product: FullProductName.optional(), branches: z.array(Branch).optional() }),
);
const Ids = z.array(z.string()).optional();
const ProductTree = z.object({
  branches: z.array(Branch).optional(),
  full_product_names: z.array(FullProductName).optional(),
  relationships: z.array(z.object({ category: z.string(), product_reference: z.string(), relates_to_product_reference: z.string(), full_product_name: FullProductName })).optional(),
  product_groups: z.array(z.object({ group_id: z.string(), product_ids: z.array(z.string()) })).optional(),
});
// Order matters: first_fixed before fixed, so the duplicate listing most documents carry is emitted once.
const STATUS_LISTS = ['first_affected', 'known_affected', 'last_affected', 'under_investigation', 'first_fixed', 'fixed', 'known_not_affected'] as const;
const ProductStatus = z.object({
  first_affected: Ids,
  known_affected: Ids,
  last_affected: Ids,
  under_investigation: Ids,
  first_fixed: Ids,
  fixed: Ids,
  known_not_affected: Ids,
});
const Cvss = z.object({ version: z.string(), baseScore: z.number(), vectorString: z.string(), baseSeverity: z.string().optional() });
const Vulnerability = z.object({
  cve: z.string().optional(),
  product_status: ProductStatus.optional(),
  remediations: z.array(z.object({ category: z.string(), details: z.string(), url: z.string().optional(), product_ids: Ids, group_ids: Ids })).optional(),
  scores: z.array(z.object({ products: z.array(z.string()), cvss_v3: Cvss.optional(), cvss_v2: Cvss.optional() })).optional(),
  flags: z.array(z.object({ label: z.string(), product_ids: Ids, group_ids: Ids })).optional(),
  threats: z.array(z.object({ category: z.string(), details: z.string(), product_ids: Ids, group_ids: Ids })).optional(),
});
export const CsafDocument = z.object({
  document: z.object({
    category: z.string(),
    title: z.string(),
    publisher: z.object({ name: z.string() }),
    aggregate_severity: z.object({ text: z.string() }).optional(),
    tracking: z.object({ id: z.string(), initial_release_date: z.string(), current_release_date: z.string() }),
  }),
  product_tree: ProductTree.optional(),
  vulnerabilities: z.array(Vulnerability).optional(),
});

type Product = {
  identity: Identity | null;
  ranges: VersionRange[] | 'all';
  exact?: string;
  scheme?: string;
  constraints?: Record<string, string>;
  platform?: Affected['platform'];
  source: string;
};
type Context = { vendor?: string; product?: string; version?: string; range?: string };

function rangeOf(ctx: Context, helperVersion: string | null): Pick<Product, 'ranges' | 'exact' | 'scheme'> {
  if (ctx.range) {
    const v = /^vers:/i.test(ctx.range) ? parseVers(ctx.range) : null;
    if (v?.ok) return { ranges: v.range.kind === 'all' ? 'all' : [v.range], ...(v.scheme !== 'generic' ? { scheme: v.scheme } : {}) };
    const r = parseRangeExpression(ctx.range);
    return { ranges: r.kind === 'all' ? 'all' : [r] };
  }
  // The helper's own version is the canonical spelling; the branch name is often a display label.
  const version = helperVersion ?? ctx.version;
  return version ? { ranges: [{ kind: 'exact', version }], exact: version } : { ranges: 'all' };
}

function describeProduct(fpn: FullProductNameT, ctx: Context, source: string, warn: (m: string) => void): Product {
  const helper = fpn.product_identification_helper;
  if (helper?.purl) {
    const p = parsePurl(helper.purl);
    if (p.ok) return { identity: { kind: 'purl', key: purlKey(p.purl) }, ...rangeOf(ctx, purlVersion(p.purl)), scheme: p.purl.type, source };
    warn(`${fpn.product_id}: unusable purl ${helper.purl} (${p.message})`);
  }
  if (helper?.cpe) {
    const c = parseCpe(helper.cpe);
    const key = c.ok ? cpeKey(c.cpe) : null;
    if (c.ok && key) {
      const constraints = cpeConstraints(c.cpe);
      const out: Product = { identity: { kind: 'cpe', key }, ...rangeOf(ctx, cpeVersionValue(c.cpe)), source };
      if (Object.keys(constraints).length) out.constraints = constraints;
      return out;
    }
    warn(`${fpn.product_id}: unusable CPE ${helper.cpe}`);
  }
  const name = nameKey(ctx.vendor, ctx.product ?? fpn.name);
  return { identity: name ? { kind: 'alias', key: name } : null, ...rangeOf(ctx, null), source };
}

function walk(branches: BranchT[], ctx: Context, path: string, out: Map<string, Product>, warn: (m: string) => void): void {
  branches.forEach((b, i) => {
    const here = `${path}.branches[${i}]`;
    const next: Context = { ...ctx };
    if (b.category === 'vendor') next.vendor = b.name;
    else if (b.category === 'product_name' || (b.category === 'product_family' && !ctx.product)) next.product = b.name;
    else if (b.category === 'product_version') next.version = b.name;
    else if (b.category === 'product_version_range') next.range = b.name;
    if (b.product) out.set(b.product.product_id, describeProduct(b.product, next, here, warn));
    if (b.branches) walk(b.branches, next, here, out, warn);
  });
}

/** product_id → identity and range, for every product the tree defines. */
export function csafProducts(tree: z.infer<typeof ProductTree> | undefined, warn: (m: string) => void): Map<string, Product> {
  const out = new Map<string, Product>();
  if (!tree) return out;
  walk(tree.branches ?? [], {}, 'product_tree', out, warn);
  (tree.full_product_names ?? []).forEach((f, i) => out.set(f.product_id, describeProduct(f, {}, `product_tree.full_product_names[${i}]`, warn)));
  (tree.relationships ?? []).forEach((r, i) => {
    const source = `product_tree.relationships[${i}]`;
    const own = r.full_product_name.product_identification_helper ? describeProduct(r.full_product_name, {}, source, warn) : null;
    const component = own ?? out.get(r.product_reference);
    const platform = out.get(r.relates_to_product_reference);
    if (!component) return warn(`${source}: unknown product_reference ${r.product_reference}`);
    const p: Product = { ...component, source: `${source} (${r.category} ${r.relates_to_product_reference})` };
    if (platform?.identity) p.platform = { identity: platform.identity, ...(platform.exact ? { version: platform.exact } : {}) };
    out.set(r.full_product_name.product_id, p);
  });
  return out;
}

const STATUS: Record<(typeof STATUS_LISTS)[number], AffectedStatus> = {
  first_affected: 'affected',
  known_affected: 'affected',
  last_affected: 'affected',
  under_investigation: 'under_investigation',
  first_fixed: 'fixed',
  fixed: 'fixed',
  known_not_affected: 'unaffected',
};

/** Throws (ZodError) on input that is not a CSAF 2.0 document. */
export function extractCsaf(input: unknown): Extraction {
  const doc = CsafDocument.parse(input);
  const warnings: string[] = [];
  const warn = (m: string): void => void warnings.push(m);
  const products = csafProducts(doc.product_tree, warn);
  const groups = new Map((doc.product_tree?.product_groups ?? []).map((g) => [g.group_id, g.product_ids]));
  const expand = (ids?: string[], gids?: string[]): string[] => [...(ids ?? []), ...(gids ?? []).flatMap((g) => groups.get(g) ?? [])];
  const { tracking } = doc.document;
  const affected: Affected[] = [];
  const vex: VexStatement[] = [];
  const remediations: Remediation[] = [];
  const cvss: Cvss[] = [];
  let exploitation: string | undefined;

  (doc.vulnerabilities ?? []).forEach((v, vi) => {
    const at = `vulnerabilities[${vi}]`;
    const flags = new Map<string, string[]>();
    for (const f of v.flags ?? []) for (const id of expand(f.product_ids, f.group_ids)) flags.set(id, [...(flags.get(id) ?? []), f.label]);
    const impact = new Map<string, string>();
    for (const t of v.threats ?? []) {
      if (t.category === 'impact') for (const id of expand(t.product_ids, t.group_ids)) impact.set(id, t.details);
      if (t.category === 'exploit_status') exploitation ??= t.details;
    }
    const fixes = new Map<string, string>();
    for (const r of v.remediations ?? []) {
      const ids = expand(r.product_ids, r.group_ids);
      remediations.push({ category: r.category, text: r.details, ...(r.url ? { url: r.url } : {}), ...(v.cve ? { cve: v.cve } : {}), productIds: ids });
      const text = r.url ? `${r.details} (${r.url})` : r.details;
      // A vendor fix is the remediation to tell operators; workarounds only when there is no fix.
      for (const id of ids) if (r.category === 'vendor_fix' || !fixes.has(id)) fixes.set(id, text);
    }
    (v.scores ?? []).forEach((s, si) => {
      for (const c of [s.cvss_v3, s.cvss_v2]) {
        if (c) cvss.push({ version: c.version, baseScore: c.baseScore, vector: c.vectorString, ...(c.baseSeverity ? { severity: c.baseSeverity } : {}), source: `csaf:${at}.scores[${si}]` });
      }
    });
    const emitted = new Set<string>();
    for (const list of STATUS_LISTS) {
      (v.product_status?.[list] ?? []).forEach((pid, k) => {
        const justification = [flags.get(pid)?.join(', '), impact.get(pid)].filter(Boolean).join(': ');
        vex.push({ productId: pid, status: list, ...(v.cve ? { cve: v.cve } : {}), ...(flags.has(pid) ? { flags: flags.get(pid) } : {}), ...(impact.has(pid) ? { impact: impact.get(pid) } : {}) });
        const p = products.get(pid);
        if (!p) return warn(`${at}.product_status.${list}: unknown product ${pid}`);
        if (!p.identity) return warn(`${at}.product_status.${list}: product ${pid} has no usable identity`);
        const status = STATUS[list];
        if (emitted.has(`${status} ${pid}`)) return;
        emitted.add(`${status} ${pid}`);
        const base: Affected = { identity: p.identity, ranges: p.ranges, status, source: `csaf:${tracking.id}/${at}.product_status.${list}[${k}] ${pid} @ ${p.source}` };
        if (p.scheme) base.scheme = p.scheme;
        if (p.constraints) base.constraints = p.constraints;
        if (p.platform) base.platform = p.platform;
        if (v.cve) base.cve = v.cve;
        if (status === 'unaffected' && justification) base.justification = justification;
        if (status === 'affected' && fixes.has(pid)) base.remediation = fixes.get(pid);
        affected.push(base);
        // "First fixed in X" / "last affected X" imply that earlier versions are affected; implied, so never certain.
        if ((list === 'first_fixed' || list === 'last_affected') && p.exact) {
          affected.push({ ...base, status: 'affected', ranges: [{ kind: 'interval', upper: { version: p.exact, inclusive: false } }], inferred: true, source: `${base.source} (versions below)` });
        }
      });
    }
  });

  const advisory: AdvisoryMeta = {
    format: 'csaf',
    id: tracking.id,
    cves: [...new Set((doc.vulnerabilities ?? []).flatMap((v) => (v.cve ? [v.cve] : [])))],
    title: doc.document.title,
    publisher: doc.document.publisher.name,
    published: tracking.initial_release_date,
    updated: tracking.current_release_date,
    cvss,
    remediations,
    vex,
  };
  if (doc.document.aggregate_severity) advisory.severity = doc.document.aggregate_severity.text;
  if (exploitation) advisory.exploitation = exploitation;
  return { advisory, affected, warnings };
}
