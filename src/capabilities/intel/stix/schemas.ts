import { readdirSync, readFileSync } from 'node:fs';
import { domainToASCII, fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * The official OASIS STIX 2.1 JSON schemas (cti-stix2-json-schemas, copied beside this folder so the
 * running service never reads the shared standards checkout), compiled once per object type.
 */

const SCHEMA_ROOT = fileURLToPath(new URL('../stix-schemas/', import.meta.url));
const FOLDERS = ['common', 'sdos', 'sros', 'observables'] as const;
const SCHEMA_BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

/** The object types whose schema lives in `common/` beside the shared building blocks. */
const COMMON_OBJECT_TYPES = ['marking-definition', 'language-content', 'extension-definition'] as const;

export type SchemaFamily = 'sdos' | 'sros' | 'observables' | 'common';
export type TypeSchema = { family: SchemaFamily; validate: ValidateFunction };

let compiled: { byType: Map<string, TypeSchema>; core: ValidateFunction; observableCore: ValidateFunction } | null = null;

function load(): NonNullable<typeof compiled> {
  // unicodeRegExp off: several official patterns (e.g. url-regex.json) use escapes that are invalid under
  // the `u` flag. allErrors so one rejection lists every problem instead of the first one met.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  // ajv-formats is CommonJS; under NodeNext its default import is the module object.
  addFormats.default(ajv);
  // domain-name.json asks for idn-hostname, which ajv-formats lacks; UTS #46 (as browsers resolve names)
  // is the test. Underscores pass: they are invalid in host names but real in malicious DNS names.
  ajv.addFormat('idn-hostname', (name: string) => {
    const ascii = domainToASCII(name);
    return ascii !== '' && ascii.length <= 253 && ascii.replace(/\.$/, '').split('.').every((label) => label.length >= 1 && label.length <= 63);
  });
  const files = new Map<string, string[]>();
  for (const folder of FOLDERS) {
    const names = readdirSync(SCHEMA_ROOT + folder).filter((n) => n.endsWith('.json')).sort();
    files.set(folder, names);
    for (const name of names) {
      const schema = JSON.parse(readFileSync(`${SCHEMA_ROOT}${folder}/${name}`, 'utf8')) as object;
      ajv.addSchema(schema);
    }
  }
  const get = (folder: string, name: string): ValidateFunction => {
    const fn = ajv.getSchema(`${SCHEMA_BASE}${folder}/${name}`);
    if (!fn) throw new Error(`STIX schema ${folder}/${name} did not load`);
    return fn;
  };
  const byType = new Map<string, TypeSchema>();
  for (const family of ['sdos', 'sros', 'observables'] as const) {
    for (const name of files.get(family) ?? []) {
      byType.set(name.replace(/\.json$/, ''), { family, validate: get(family, name) });
    }
  }
  for (const type of COMMON_OBJECT_TYPES) byType.set(type, { family: 'common', validate: get('common', `${type}.json`) });
  return { byType, core: get('common', 'core.json'), observableCore: get('common', 'cyber-observable-core.json') };
}

function schemas(): NonNullable<typeof compiled> {
  compiled ??= load();
  return compiled;
}

/** The schema of a standard STIX type, or undefined for custom and unknown types. */
export function schemaForType(type: string): TypeSchema | undefined {
  return schemas().byType.get(type);
}

/** Common-property schemas for custom objects: SDO/SRO-like (`core.json`) or SCO-like. */
export function commonSchema(like: 'core' | 'observable'): ValidateFunction {
  return like === 'core' ? schemas().core : schemas().observableCore;
}

/** Every standard type the schemas define, by family. */
export function standardTypes(): Map<string, SchemaFamily> {
  return new Map([...schemas().byType].map(([type, s]) => [type, s.family]));
}

export type { ErrorObject };
