import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The official CycloneDX 1.4–1.6 schemas, shipped with the project (Apache-2.0, see LICENSE there). */
const SCHEMA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cyclonedx-schemas');
const VERSIONS = ['1.4', '1.5', '1.6'] as const;
type SpecVersion = (typeof VERSIONS)[number];

let validators: Map<SpecVersion, ValidateFunction> | null = null;

function load(): Map<SpecVersion, ValidateFunction> {
  if (validators) return validators;
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
  // The schemas use formats (iri-reference, idn-email…) and regexes that strict mode rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  // ajv-formats is CommonJS: under NodeNext its callable is the `default` of the module object.
  addFormats.default(ajv);
  ajv.addSchema(read('spdx.schema.json'), 'spdx.schema.json');
  ajv.addSchema(read('jsf-0.82.schema.json'), 'jsf-0.82.schema.json');
  validators = new Map(VERSIONS.map((v) => [v, ajv.compile(read(`bom-${v}.schema.json`))]));
  return validators;
}

export interface SbomComponent {
  bomRef: string | null;
  name: string;
  group: string | null;
  version: string | null;
  purl: string | null;
  cpe: string | null;
  supplier: string | null;
  /** Where in the document it came from, for error reports and idempotent re-import. */
  path: string;
}

export type SbomResult =
  | { ok: true; specVersion: SpecVersion; serialNumber: string | null; subject: { name: string; version: string | null } | null; components: SbomComponent[] }
  | { ok: false; errors: { path: string; message: string }[] };

function pointer(e: ErrorObject): string {
  return e.instancePath ? e.instancePath.slice(1).split('/').map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : '(root)';
}

/** Validates a CycloneDX JSON SBOM against its declared version's official schema and lists its components (nested too). */
export function readCycloneDx(doc: unknown): SbomResult {
  if (!doc || typeof doc !== 'object') return { ok: false, errors: [{ path: '(root)', message: 'not a JSON object' }] };
  const d = doc as Record<string, unknown>;
  if (d.bomFormat !== 'CycloneDX') return { ok: false, errors: [{ path: 'bomFormat', message: 'must be "CycloneDX"' }] };
  const version = d.specVersion as SpecVersion;
  if (!VERSIONS.includes(version)) return { ok: false, errors: [{ path: 'specVersion', message: `unsupported version ${String(d.specVersion)} (1.4, 1.5 or 1.6)` }] };
  const validate = load().get(version)!;
  if (!validate(doc)) {
    const errors = (validate.errors ?? []).slice(0, 50).map((e) => ({ path: pointer(e), message: `${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}` }));
    return { ok: false, errors };
  }
  const components: SbomComponent[] = [];
  const walk = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const c = raw as Record<string, unknown>;
      const here = `${at}[${i}]`;
      components.push({
        bomRef: typeof c['bom-ref'] === 'string' ? c['bom-ref'] : null,
        name: String(c.name),
        group: typeof c.group === 'string' ? c.group : null,
        version: typeof c.version === 'string' ? c.version : null,
        purl: typeof c.purl === 'string' ? c.purl : null,
        cpe: typeof c.cpe === 'string' ? c.cpe : null,
        supplier: typeof (c.supplier as { name?: unknown } | undefined)?.name === 'string' ? String((c.supplier as { name: string }).name) : null,
        path: here,
      });
      walk(c.components, `${here}.components`);
    });
  };
  walk(d.components, 'components');
  const meta = (d.metadata as { component?: { name?: string; version?: string } } | undefined)?.component;
  return {
    ok: true,
    specVersion: version,
    serialNumber: typeof d.serialNumber === 'string' ? d.serialNumber : null,
    subject: meta?.name ? { name: meta.name, version: meta.version ?? null } : null,
    components,
  };
}
