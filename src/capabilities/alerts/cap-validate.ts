import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

const XSD = fs.readFileSync(path.join(import.meta.dirname, 'cap-schema', 'CAP-v1.2.xsd'), 'utf8');

/** CAP dateTimes: the alert's and info's own, and the sent stamps inside <references>. */
const DATE_TIMES = /<(sent|effective|onset|expires)>([^<]*)<\/\1>/g;
const REFERENCES = /<references>([^<]*)<\/references>/g;

/**
 * Rules of the CAP 1.2 text that the XSD's pattern does not express: §3.3.2 writes UTC as "-00:00",
 * while the schema's `[-,+]\d\d:\d\d` also lets "+00:00" through.
 */
function textRules(xml: string): string[] {
  const times = [...xml.matchAll(DATE_TIMES)].map((m) => ({ where: m[1]!, value: m[2]! }));
  for (const m of xml.matchAll(REFERENCES)) {
    for (const ref of m[1]!.trim().split(/\s+/)) times.push({ where: 'references', value: ref.split(',')[2] ?? '' });
  }
  return times.filter((t) => t.value.endsWith('+00:00')).map((t) => `${t.where}: ${t.value}: CAP 1.2 §3.3.2 writes UTC as -00:00, not +00:00`);
}

/**
 * Validates a document against the OASIS CAP 1.2 schema with libxml2 (xmllint, as WebAssembly), and
 * against the spec's dateTime rule the schema cannot check.
 */
export async function validateCap(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: [{ fileName: 'alert.xml', contents: xml }], schema: [{ fileName: 'CAP-v1.2.xsd', contents: XSD }] });
  const errors = [...result.errors.map((e) => e.message), ...textRules(xml)];
  return { valid: result.valid && errors.length === 0, errors };
}
