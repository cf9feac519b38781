import type { Affected } from './model.js';

/** For tests: the statement CVE-2024-30188 makes (DolphinScheduler >=3.1.0 <3.2.2 affected), with overrides. */
export const statement = (over: Partial<Affected> = {}): Affected => ({
  identity: { kind: 'cpe', key: 'cpe:apache:dolphinscheduler' },
  ranges: [{ kind: 'interval', lower: { version: '3.1.0', inclusive: true }, upper: { version: '3.2.2', inclusive: false } }],
  status: 'affected',
  source: 'test:entry',
  ...over,
});
