import { readFileSync } from 'node:fs';
import { extractCve } from './extract-cve.js';
import { aliasIndex, assetIdentity } from './identity.js';
import { matchPrepared, matchAdvisory } from './match.js';
const rec = JSON.parse(readFileSync('/work/shared/standards/cve/records/CVE-2023-52704.json', 'utf8'));
const entries = extractCve(rec).affected;
const index = aliasIndex([{ from: 'name:linux:linux', to: 'cpe:linux:linux_kernel' }]);
const N = 100000;
let t = performance.now();
let aff = 0;
for (let i = 0; i < N; i++) {
  const r = matchAdvisory({ cpe: `cpe:2.3:o:linux:linux_kernel:6.1.${i % 200}:*:*:*:*:*:*:*` }, entries, index);
  if (r?.verdict === 'affected') aff++;
}
console.log('matchAdvisory', N, 'assets x', entries.length, 'entries:', (performance.now() - t).toFixed(0), 'ms; affected', aff);
const ids = Array.from({ length: N }, (_, i) => assetIdentity({ cpe: `cpe:2.3:o:linux:linux_kernel:6.1.${i % 200}:*:*:*:*:*:*:*` }));
t = performance.now();
for (const id of ids) for (const e of entries) matchPrepared(id, e, index);
console.log('matchPrepared only', (performance.now() - t).toFixed(0), 'ms', (N * entries.length), 'pairs');
