import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Platform } from '../../platform/platform.js';
import { authorize } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { Lang } from '../../platform/i18n/messages.js';
import { capIdentifier } from './cap.js';
import { infosOf } from './present.js';
import { alertsRepository as repo } from './repository.js';
import type { AlertsService } from './service.js';
import { invalid } from './texts.js';

export const SIGNATURE_HEADER = 'x-renkei-signature';
export const TIMESTAMP_HEADER = 'x-renkei-timestamp';

/**
 * The signature a receiver recomputes: HMAC-SHA256 over "<timestamp>.<body>" with the organisation's
 * secret, hex. The timestamp inside the signed text lets receivers refuse replays of old deliveries.
 */
export function signDelivery(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Constant-time check of a received signature (what a receiver does; used by the tests too). */
export function verifyDelivery(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signDelivery(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export interface WebhookWorkerOptions {
  /** First retry after this; each further one waits twice as long (capped at maxDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /** How long a claimed delivery is held before another node may try it (a crash mid-call). */
  leaseMs: number;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookWorkerOptions = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10, leaseMs: 120_000, timeoutMs: 10_000 };

/** Delay before attempt n+1 after n failed attempts: base·2^(n−1), capped. */
export function retryDelay(o: Pick<WebhookWorkerOptions, 'baseDelayMs' | 'maxDelayMs'>, attempts: number): number {
  return Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers queued alerts to organisations' webhooks from the durable queue (alert_webhook_deliveries):
 * each delivery is one POST of the alert (JSON, with its CAP XML), signed, and carries the alert id
 * as its idempotency key, so a receiver that sees a retry of something it already took can ignore it.
 */
export function webhookWorker(platform: Platform, service: AlertsService, log: Logger, options: Partial<WebhookWorkerOptions> = {}) {
  const o = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
  let running: Promise<number> | null = null;

  async function deliverOne(d: { id: string; alert_id: string; attempts: number; url: string; secret: string }) {
    const row = await repo.find(platform.db, d.alert_id);
    if (!row) return repo.deliveryResult(platform.db, d.id, { status: 'failed', lastStatus: null, lastError: 'alert gone' });
    const infos = infosOf(row);
    const body = JSON.stringify({
      id: row.id,
      identifier: capIdentifier(row.id),
      status: row.status,
      msgType: row.msg_type,
      references: row.references_ids,
      severity: row.severity,
      urgency: row.urgency,
      certainty: row.certainty,
      headline: { ja: infos.ja.headline, en: infos.en?.headline ?? null },
      sentAt: row.sent_at.toISOString(),
      expiresAt: row.expires_at?.toISOString() ?? null,
      exerciseId: row.exercise_id,
      cap: await service.capXmlOf(row),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(o.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'idempotency-key': row.id,
          'x-renkei-alert-id': row.id,
          'x-renkei-delivery': d.id,
          'x-renkei-attempt': String(d.attempts),
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signDelivery(d.secret, timestamp, body),
        },
        body,
      });
      status = res.status;
      await res.body?.cancel();
      if (res.ok) return repo.deliveryResult(platform.db, d.id, { status: 'delivered', lastStatus: status, lastError: null, deliveredAt: new Date() });
      error = `HTTP ${status}`;
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
    }
    const failed = d.attempts >= o.maxAttempts;
    if (failed) log.warn({ deliveryId: d.id, alertId: d.alert_id, error }, 'alert webhook delivery failed for good');
    return repo.deliveryResult(platform.db, d.id, {
      status: failed ? 'failed' : 'pending',
      lastStatus: status,
      lastError: error,
      nextAttemptAt: failed ? undefined : new Date(Date.now() + retryDelay(o, d.attempts)),
    });
  }

  /** Claims and delivers what is due now; returns how many deliveries were attempted. */
  async function runOnce(now = new Date()): Promise<number> {
    const claimed = await platform.transaction((trx) => repo.claimDeliveries(trx, now, o.leaseMs));
    await Promise.all(claimed.map(deliverOne));
    return claimed.length;
  }

  return {
    runOnce,
    /** Runs a round unless one is under way (after an alert is issued, and on a timer as a safety net). */
    kick(): Promise<number> {
      running ??= runOnce()
        .catch((err) => {
          log.error({ err }, 'alert webhook round failed');
          return 0;
        })
        .finally(() => (running = null));
      return running;
    },
  };
}

/** Registering, reading and removing an organisation's webhook (its admins only). */
export function webhookRegistry(platform: Platform) {
  return {
    async get(actor: Actor) {
      authorize(actor, 'manage', { type: 'alert_webhook', orgId: actor.orgId });
      const w = await repo.webhookOf(platform.db, actor.orgId);
      return w ? { url: w.url, createdAt: w.created_at.toISOString(), updatedAt: w.updated_at.toISOString() } : null;
    },
    async put(actor: Actor, body: { url: string; secret: string }, lang: Lang) {
      authorize(actor, 'manage', { type: 'alert_webhook', orgId: actor.orgId });
      if (platform.config.env === 'production' && !body.url.startsWith('https://')) throw invalid(lang, [{ path: 'url', text: 'webhook_https' }]);
      return platform.transaction(async (trx) => {
        const w = await repo.upsertWebhook(trx, { id: crypto.randomUUID(), org_id: actor.orgId, url: body.url, secret: body.secret, created_by: actor.userId });
        await platform.audit.inTransaction(trx, [{ actor, action: 'alert.webhook.set', resourceType: 'alert_webhook', resourceId: w.id, detail: { url: body.url } }]);
        return { url: w.url, createdAt: w.created_at.toISOString(), updatedAt: w.updated_at.toISOString() };
      });
    },
    async remove(actor: Actor) {
      authorize(actor, 'manage', { type: 'alert_webhook', orgId: actor.orgId });
      await platform.transaction(async (trx) => {
        await repo.deleteWebhook(trx, actor.orgId);
        await platform.audit.inTransaction(trx, [{ actor, action: 'alert.webhook.delete', resourceType: 'alert_webhook', resourceId: actor.orgId }]);
      });
    },
  };
}
