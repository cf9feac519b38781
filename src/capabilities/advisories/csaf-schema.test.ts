import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCsaf } from './csaf-schema.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/standards/csaf2.0/examples');

describe('CSAF 2.0 schema validation', () => {
  it('accepts the real example advisories', () => {
    for (const f of fs.readdirSync(EXAMPLES)) expect(validateCsaf(JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'))), f).toEqual([]);
  });

  it('names the path and reason of what is wrong', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'bsi-2022-0001.json'), 'utf8'));
    doc.document.tracking.status = 'almost';
    delete doc.document.title;
    const errors = validateCsaf(doc);
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'document.tracking.status' }), expect.objectContaining({ path: 'document', message: "must have required property 'title'" })]));
  });
});
