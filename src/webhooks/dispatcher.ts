// Webhook delivery: turns core events into signed POSTs to every webhook that takes them, records each attempt,
// retries failures with exponential backoff up to a limit, and resumes pending deliveries after a restart.
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Core, PendingDelivery } from "../core/index.js";
import type { EgressGuard } from "../net/egress.js";
import { now } from "../shared/clock.js";
import { watchEvents, type WebhookMessage } from "./payload.js";
import { WebhookSender } from "./sender.js";
import { signatureHeader } from "./signature.js";

export interface WebhookDispatcherOptions {
  core: Core;
  guard: EgressGuard;
  log: Logger;
  /** Per attempt, connecting included. */
  timeoutMs?: number;
  /** Attempts before a delivery is marked failed. */
  maxAttempts?: number;
}

const TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 10;
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_CAP_MS = 5 * 60_000;
/** Attempts in flight at once, across all webhooks; the rest wait their turn. */
const CONCURRENCY = 16;

/** The wait after failed attempt `n` (from 1): 1 s, 2 s, 4 s… at most 5 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** (attempt - 1));
}

export class WebhookDispatcher {
  readonly #core: Core;
  readonly #log: Logger;
  readonly #sender: WebhookSender;
  readonly #maxAttempts: number;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #ready: PendingDelivery[] = [];
  readonly #work = new Set<Promise<void>>();
  #running = 0;
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#core = options.core;
    this.#log = options.log;
    this.#maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
    this.#sender = new WebhookSender(options.guard, { timeoutMs: options.timeoutMs ?? TIMEOUT_MS });
  }

  async start(): Promise<void> {
    this.#unsubscribe = watchEvents(this.#core.events, (message) =>
      this.#track(this.#publish(message, now())),
    );
    for (const delivery of await this.#core.webhookDeliveries.pending()) {
      const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) - Date.now() : 0;
      this.#schedule(delivery, due);
    }
  }

  /** Stops sending; attempts in flight are aborted and not counted, so they are made again after a restart. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#ready.length = 0;
    this.#sender.close();
    while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
  }

  #track(work: Promise<void>): void {
    this.#work.add(work);
    void work.then(() => this.#work.delete(work));
  }

  async #publish(message: WebhookMessage, createdAt: string): Promise<void> {
    try {
      const targets = await this.#core.webhooks.targets(message.app.id, message.event);
      if (targets.length === 0) return;
      const eventId = `evt_${randomBytes(8).toString("hex")}`;
      const { event, action, app, data } = message;
      const payload = JSON.stringify({ id: eventId, event, action, app, createdAt, data });
      const deliveries = await this.#core.webhookDeliveries.record(targets, {
        eventId,
        event,
        action,
        payload,
      });
      for (const delivery of deliveries) this.#schedule(delivery, 0);
    } catch (err) {
      this.#log.error(
        { err, app: message.app.name, event: message.event },
        "could not record a webhook event",
      );
    }
  }

  #schedule(delivery: PendingDelivery, delayMs: number): void {
    if (this.#closed) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(delivery.id);
        this.#ready.push(delivery);
        this.#pump();
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.#timers.set(delivery.id, timer);
  }

  #pump(): void {
    while (!this.#closed && this.#running < CONCURRENCY) {
      const delivery = this.#ready.shift();
      if (!delivery) return;
      this.#running += 1;
      this.#track(
        this.#attempt(delivery).finally(() => {
          this.#running -= 1;
          this.#pump();
        }),
      );
    }
  }

  async #attempt(delivery: PendingDelivery): Promise<void> {
    const number = delivery.attempts + 1;
    try {
      // A removed webhook (or app) takes its pending deliveries with it.
      const target = await this.#core.webhooks.target(delivery.webhookId);
      if (!target || this.#closed) return;
      const at = now();
      const headers = {
        "content-type": "application/json",
        "user-agent": "fifteen-webhooks",
        "fifteen-event": delivery.event,
        "fifteen-delivery": delivery.id,
        "fifteen-signature": signatureHeader(target.secret, delivery.payload, Math.floor(Date.now() / 1000)),
      };
      const result = await this.#sender.post(new URL(target.url), headers, delivery.payload);
      if (this.#closed && result.statusCode === null) return;
      const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode <= 299;
      const status = ok ? "delivered" : number >= this.#maxAttempts ? "failed" : "pending";
      const wait = backoffMs(number);
      const nextAttemptAt = status === "pending" ? new Date(Date.now() + wait).toISOString() : null;
      const kept = await this.#core.webhookDeliveries.attempted(
        delivery.id,
        { number, at, ...result },
        { status, nextAttemptAt },
      );
      if (!kept) return;
      if (status === "pending") this.#schedule({ ...delivery, attempts: number, nextAttemptAt }, wait);
      if (status === "failed") {
        this.#log.warn(
          { delivery: delivery.id, webhook: delivery.webhookId, attempts: number, error: result.error },
          "gave up on a webhook delivery",
        );
      }
    } catch (err) {
      // The store failed us: try again later rather than lose the delivery.
      this.#log.error({ err, delivery: delivery.id }, "could not attempt a webhook delivery");
      this.#schedule(delivery, backoffMs(number));
    }
  }
}
