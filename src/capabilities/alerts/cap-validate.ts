import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

const XSD = fs.readFileSync(path.join(import.meta.dirname, 'cap-schema', 'CAP-v1.2.xsd'), 'utf8');

/** Validates a document against the OASIS CAP 1.2 schema with libxml2 (xmllint, as WebAssembly). */
export async function validateCap(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: [{ fileName: 'alert.xml', contents: xml }], schema: [{ fileName: 'CAP-v1.2.xsd', contents: XSD }] });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
