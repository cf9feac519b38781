import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The official CSAF 2.0 schema and the FIRST CVSS schemas it references, shipped with the project. */
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'csaf-schemas');
let validate: ValidateFunction | null = null;

function load(): ValidateFunction {
  if (validate) return validate;
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: under NodeNext its callable is the `default` of the module object.
  addFormats.default(ajv);
  // The CVSS schemas are draft-07 documents; their $ids carry a date suffix the CSAF schema omits.
  for (const v of ['2.0', '3.0', '3.1']) {
    const schema = read(`cvss-v${v}.json`);
    // Older CVSS schemas (draft-04) name themselves with `id`; Ajv 2020 wants `$id`.
    delete schema.$schema;
    delete schema.id;
    schema.$id = `https://www.first.org/cvss/cvss-v${v}.json`;
    ajv.addSchema(schema);
  }
  validate = ajv.compile(read('csaf_json_schema.json'));
  return validate;
}

const pathOf = (e: ErrorObject) =>
  e.instancePath ? e.instancePath.slice(1).split('/').map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : '(root)';

/** Validates a CSAF 2.0 document against the official schema; errors carry the JSON path and the reason. */
export function validateCsaf(doc: unknown): { path: string; message: string }[] {
  const v = load();
  if (v(doc)) return [];
  return (v.errors ?? []).slice(0, 50).map((e) => ({ path: pathOf(e), message: e.message ?? 'invalid' }));
}
