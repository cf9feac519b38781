import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';

/** Shared by the retro-match tests: the real CVE record of Apache DolphinScheduler and assets of it. */
const STANDARDS = path.resolve(import.meta.dirname, '../../../../shared/standards');
export const readStandard = (p: string) => JSON.parse(fs.readFileSync(path.join(STANDARDS, p), 'utf8'));
export const dolphin = (v: string) => `cpe:2.3:a:apache:dolphinscheduler:${v}:*:*:*:*:*:*:*`;

/** A test world with the hub and a bank signed in, and CVE-2024-30188 (DolphinScheduler < 3.2.2) published by the hub. */
export async function dolphinWorld(): Promise<{ w: TestWorld; hub: Session; bank: Session; advisoryId: string }> {
  const w = await startTestWorld();
  const hub = await w.login('hub@renkei.example');
  const bank = await w.login('bank@renkei.example');
  const res = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: readStandard('cve/records/CVE-2024-30188.json') });
  expect(res.statusCode).toBe(201);
  return { w, hub, bank, advisoryId: res.json().advisories[0].id as string };
}

/** An asset's pending-match row (migration 0064), if it has one. */
export const pendingRow = (w: TestWorld, assetId: string) =>
  w.platform.db.selectFrom('asset_match_pending' as never).select(['token' as never]).where('asset_id' as never, '=', assetId as never).executeTakeFirst() as Promise<{ token: string } | undefined>;
