// The webhook delivery log: each event sent to a webhook is recorded before the first attempt, with every
// attempt's outcome, so `webhooks:deliveries` shows what happened and pending deliveries outlive a restart.
import { randomBytes } from "node:crypto";
import { now } from "../shared/clock.js";
import type { Store, WebhookAttemptRow, WebhookDeliveryRow } from "../store/index.js";
import type { WebhookEvent, WebhookService, WebhookTarget } from "./webhooks.js";
import type { App } from "./types.js";

/** Finished deliveries kept per webhook; older ones are deleted as new ones come. */
const KEEP_PER_WEBHOOK = 100;

export type WebhookDeliveryStatus = WebhookDeliveryRow["status"];

export interface WebhookAttempt {
  number: number;
  at: string;
  /** The receiver's HTTP status; null when no answer came. */
  statusCode: number | null;
  /** Why the attempt failed, when it did not get a 2xx answer. */
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  /** The payload's `id`: the same for every webhook that got this event. */
  eventId: string;
  event: WebhookEvent;
  action: string;
  status: WebhookDeliveryStatus;
  attempts: WebhookAttempt[];
  createdAt: string;
  /** When a pending delivery is tried next. */
  nextAttemptAt: string | null;
  finishedAt: string | null;
}

/** A delivery still to be made, for the delivery runtime. */
export interface PendingDelivery {
  id: string;
  webhookId: string;
  event: string;
  /** The exact body: the same bytes on every attempt. */
  payload: string;
  /** Attempts made so far. */
  attempts: number;
  nextAttemptAt: string | null;
}

export interface NewDelivery {
  eventId: string;
  event: string;
  action: string;
  payload: string;
}

function toPending(row: WebhookDeliveryRow): PendingDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    event: row.event,
    payload: row.payload,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
  };
}

function toAttempt(row: WebhookAttemptRow): WebhookAttempt {
  return {
    number: row.number,
    at: row.at,
    statusCode: row.status_code,
    error: row.error,
    durationMs: row.duration_ms,
  };
}

export class WebhookDeliveryLog {
  constructor(
    private readonly store: Store,
    private readonly webhooks: WebhookService,
  ) {}

  /** The newest deliveries of the app's webhook `id` first, with their attempts. */
  async list(app: App, id: string): Promise<WebhookDelivery[]> {
    await this.webhooks.get(app, id);
    const rows = await this.store.webhookDeliveries.of(id, KEEP_PER_WEBHOOK);
    const attempts = await this.store.webhookDeliveries.attemptsOf(rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      // Only WebhookEvents are ever recorded.
      event: row.event as WebhookEvent,
      action: row.action,
      status: row.status,
      attempts: attempts.filter((a) => a.delivery_id === row.id).map(toAttempt),
      createdAt: row.created_at,
      nextAttemptAt: row.next_attempt_at,
      finishedAt: row.finished_at,
    }));
  }

  /** Records one pending delivery per target, due now. */
  async record(targets: readonly WebhookTarget[], delivery: NewDelivery): Promise<PendingDelivery[]> {
    const createdAt = now();
    const rows: WebhookDeliveryRow[] = targets.map((target) => ({
      id: `whd_${randomBytes(8).toString("hex")}`,
      webhook_id: target.id,
      app_id: target.appId,
      event_id: delivery.eventId,
      event: delivery.event,
      action: delivery.action,
      payload: delivery.payload,
      status: "pending",
      attempts: 0,
      next_attempt_at: createdAt,
      created_at: createdAt,
      finished_at: null,
    }));
    await this.store.transaction(async (tx) => {
      for (const row of rows) {
        await tx.webhookDeliveries.insert(row);
        await tx.webhookDeliveries.prune(row.webhook_id, KEEP_PER_WEBHOOK);
      }
    });
    return rows.map(toPending);
  }

  /**
   * Records an attempt and the delivery's new state. Returns false, recording nothing, when the delivery is
   * gone (its webhook or app was removed meanwhile).
   */
  async attempted(
    id: string,
    attempt: WebhookAttempt,
    next: { status: WebhookDeliveryStatus; nextAttemptAt: string | null },
  ): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.webhookDeliveries.byId(id))) return false;
      await tx.webhookDeliveries.addAttempt({
        delivery_id: id,
        number: attempt.number,
        at: attempt.at,
        status_code: attempt.statusCode,
        error: attempt.error,
        duration_ms: attempt.durationMs,
      });
      await tx.webhookDeliveries.update(id, {
        status: next.status,
        attempts: attempt.number,
        next_attempt_at: next.nextAttemptAt,
        finished_at: next.status === "pending" ? null : now(),
      });
      return true;
    });
  }

  /** Every delivery not yet delivered or given up on (after a restart). */
  async pending(): Promise<PendingDelivery[]> {
    return (await this.store.webhookDeliveries.pending()).map(toPending);
  }
}
