import {
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
  type Consumer,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type StreamConfig,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { DomainEvent, EventTransport } from './types.js';

/** Every Renkei event subject starts with this; the stream captures `renkei.events.>`. */
export const SUBJECT_PREFIX = 'renkei.events';
const STREAM_SUBJECTS = `${SUBJECT_PREFIX}.>`;
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Re-publishes of one event id within this window are dropped by JetStream. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
const PUBLISH_TIMEOUT_MS = 10_000;
const RESUBSCRIBE_MAX_DELAY_MS = 10_000;

/** `renkei.events.<type>`, with anything a subject token may not hold replaced. */
export function subjectFor(type: string): string {
  const tokens = type.split('.').map((t) => t.replace(/[^A-Za-z0-9_-]/g, '_') || '_');
  return `${SUBJECT_PREFIX}.${tokens.join('.')}`;
}

function isDomainEvent(v: unknown): v is DomainEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.seq === 'number' &&
    typeof e.id === 'string' &&
    typeof e.type === 'string' &&
    typeof e.createdAt === 'string' &&
    typeof e.payload === 'object' &&
    e.payload !== null &&
    typeof e.visibility === 'object' &&
    e.visibility !== null
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Multi-node delivery over NATS JetStream. Every node publishes committed outbox rows to one stream
 * (message id = event id, so a re-publish after a crash is dropped as a duplicate) and reads the
 * stream through its own ordered, ephemeral consumer that starts at the stream's end when the node
 * starts: each node sees every event published after it started, by any node including itself.
 */
export class NatsTransport implements EventTransport {
  readonly name = 'nats';
  private handlers: ((e: DomainEvent) => void)[] = [];
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private messages: ConsumerMessages | null = null;
  private consumer: Consumer | null = null;
  /** The next stream sequence this node wants; a re-created consumer resumes here. */
  private nextSeq = 1;
  private closing = false;
  private consuming: Promise<void> | null = null;
  private statusWatch: Promise<void> | null = null;

  constructor(
    private readonly config: { url: string; stream: string },
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    if (this.nc) return;
    this.closing = false;
    const servers = this.config.url
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const nc = await connect({
      servers,
      name: 'renkei',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 2000,
      timeout: 10_000,
    });
    this.nc = nc;
    this.statusWatch = this.watchStatus(nc);
    void nc.closed().then((err) => {
      if (err) this.log.error({ err }, 'NATS connection closed with an error');
      else if (!this.closing) this.log.warn('NATS connection closed');
    });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await this.ensureStream(jsm);
      this.nextSeq = info.state.last_seq + 1;
      this.js = jetstream(nc);
      // Subscribe before returning, so nothing published after start() is missed.
      const first = await this.openConsumer();
      this.consuming = this.consumeLoop(first);
    } catch (err) {
      this.closing = true;
      await nc.close().catch(() => {});
      this.nc = null;
      throw err;
    }
    this.log.info({ url: servers, stream: this.config.stream, fromSeq: this.nextSeq }, 'NATS event transport started');
  }

  /** Creates the stream if missing; makes sure an existing one captures our subjects. */
  private async ensureStream(jsm: JetStreamManager) {
    const name = this.config.stream;
    const wanted: Partial<StreamConfig> & { name: string } = {
      name,
      subjects: [STREAM_SUBJECTS],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(MAX_AGE_MS),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    };
    try {
      const info = await jsm.streams.info(name);
      if (!info.config.subjects?.includes(STREAM_SUBJECTS)) {
        this.log.warn({ stream: name, subjects: info.config.subjects }, 'NATS stream lacks the Renkei subjects; adding them');
        return await jsm.streams.update(name, { ...info.config, subjects: [...(info.config.subjects ?? []), STREAM_SUBJECTS] });
      }
      return info;
    } catch (err) {
      if (!(err instanceof JetStreamApiError) || err.code !== JetStreamApiCodes.StreamNotFound) throw err;
    }
    try {
      const info = await jsm.streams.add(wanted);
      this.log.info({ stream: name }, 'NATS stream created');
      return info;
    } catch (err) {
      // Another node may have created it at the same moment.
      try {
        return await jsm.streams.info(name);
      } catch {
        throw err;
      }
    }
  }

  private async openConsumer(): Promise<ConsumerMessages> {
    if (!this.js) throw new Error('NATS transport not started');
    const consumer = await this.js.consumers.get(this.config.stream, {
      filter_subjects: STREAM_SUBJECTS,
      opt_start_seq: this.nextSeq,
    });
    const messages = await consumer.consume({ max_messages: 256 });
    this.consumer = consumer;
    this.messages = messages;
    void (async () => {
      for await (const s of messages.status()) {
        if (s.type === 'heartbeats_missed' || s.type === 'stream_not_found' || s.type === 'consumer_deleted' || s.type === 'no_responders') {
          this.log.warn({ status: s }, 'NATS event consumer trouble');
        } else if (s.type === 'ordered_consumer_recreated' || s.type === 'reset') {
          this.log.info({ status: s }, 'NATS event consumer re-created');
        }
      }
    })().catch(() => {});
    return messages;
  }

  /**
   * Delivers messages until close(). The ordered consumer repairs itself after gaps and reconnects;
   * should it give up, a new one is opened where this node left off.
   */
  private async consumeLoop(first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | null = first;
    let failures = 0;
    while (!this.closing) {
      try {
        messages ??= await this.openConsumer();
        failures = 0;
        for await (const m of messages) this.receive(m);
        if (!this.closing) this.log.warn('NATS event consumer stopped; re-subscribing');
      } catch (err) {
        if (this.closing) break;
        this.log.warn({ err }, 'NATS event consumer failed; re-subscribing');
      }
      messages = null;
      this.messages = null;
      if (this.closing) break;
      void this.consumer?.delete().catch(() => {});
      this.consumer = null;
      failures++;
      await sleep(Math.min(RESUBSCRIBE_MAX_DELAY_MS, 250 * 2 ** Math.min(failures, 6)));
    }
  }

  private receive(m: JsMsg): void {
    this.nextSeq = Math.max(this.nextSeq, m.seq + 1);
    let event: unknown;
    try {
      event = m.json<unknown>();
    } catch (err) {
      this.log.error({ err, subject: m.subject, seq: m.seq }, 'undecodable NATS event; skipped');
      return;
    }
    if (!isDomainEvent(event)) {
      this.log.error({ subject: m.subject, seq: m.seq }, 'malformed NATS event; skipped');
      return;
    }
    for (const h of this.handlers) {
      try {
        h(event);
      } catch (err) {
        this.log.error({ err, type: event.type }, 'event handler failed');
      }
    }
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    try {
      for await (const s of nc.status()) {
        switch (s.type) {
          case 'disconnect':
            this.log.warn({ server: s.server }, 'NATS disconnected');
            break;
          case 'reconnecting':
            this.log.debug('NATS reconnecting');
            break;
          case 'reconnect':
            this.log.info({ server: s.server }, 'NATS reconnected');
            break;
          case 'error':
            this.log.error({ err: s.error }, 'NATS error');
            break;
          case 'ldm':
            this.log.warn({ server: s.server }, 'NATS server entering lame-duck mode');
            break;
          case 'staleConnection':
            this.log.warn('NATS connection stale');
            break;
          case 'slowConsumer':
            this.log.warn({ pending: s.pending }, 'NATS slow consumer');
            break;
          default:
            break;
        }
      }
    } catch (err) {
      this.log.error({ err }, 'NATS status watch failed');
    }
  }

  /** Publishes and waits for every ack; throws (and the dispatcher retries) if any is missing. */
  async publish(events: DomainEvent[]): Promise<void> {
    const js = this.js;
    if (!js || this.closing) throw new Error('NATS transport not started');
    if (events.length === 0) return;
    const acks = await Promise.all(
      events.map((e) => js.publish(subjectFor(e.type), JSON.stringify(e), { msgID: e.id, timeout: PUBLISH_TIMEOUT_MS })),
    );
    const duplicates = acks.filter((a) => a.duplicate).length;
    if (duplicates > 0) this.log.debug({ duplicates }, 'NATS dropped re-published events');
  }

  onEvent(handler: (event: DomainEvent) => void): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    this.closing = true;
    const nc = this.nc;
    const messages = this.messages;
    const consumer = this.consumer;
    this.js = null;
    this.messages = null;
    this.consumer = null;
    if (messages) await messages.close().catch(() => {});
    await this.consuming?.catch(() => {});
    this.consuming = null;
    // Ordered consumers expire on their own after inactivity; removing ours now is only tidy.
    if (consumer && nc && !nc.isClosed()) await consumer.delete().catch(() => {});
    this.nc = null;
    if (nc && !nc.isClosed()) {
      try {
        await nc.drain();
      } catch (err) {
        this.log.warn({ err }, 'NATS drain failed; closing');
        await nc.close().catch(() => {});
      }
    }
    await this.statusWatch?.catch(() => {});
    this.statusWatch = null;
    this.handlers = [];
  }
}
