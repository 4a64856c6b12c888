// Webhook deliveries: one row per event sent to a webhook, with every attempt, kept after the outcome for
// `webhooks:deliveries` and retried after a restart while pending.
import type { Db } from "./db.js";
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from "./schema.js";

export type WebhookDeliveryRow = WebhookDeliveriesTable;
export type WebhookAttemptRow = WebhookAttemptsTable;

export class WebhookDeliveriesRepo {
  constructor(private readonly db: Db) {}

  async insert(row: WebhookDeliveryRow): Promise<void> {
    await this.db.insertInto("webhook_deliveries").values(row).execute();
  }

  async byId(id: string): Promise<WebhookDeliveryRow | undefined> {
    return this.db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The newest deliveries of a webhook first. */
  async of(webhookId: string, limit: number): Promise<WebhookDeliveryRow[]> {
    return this.db
      .selectFrom("webhook_deliveries")
      .selectAll()
      .where("webhook_id", "=", webhookId)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
  }

  async pending(): Promise<WebhookDeliveryRow[]> {
    return this.db
      .selectFrom("webhook_deliveries")
      .selectAll()
      .where("status", "=", "pending")
      .orderBy("created_at")
      .execute();
  }

  async attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    return this.db
      .selectFrom("webhook_attempts")
      .selectAll()
      .where("delivery_id", "in", deliveryIds)
      .orderBy("delivery_id")
      .orderBy("number")
      .execute();
  }

  async addAttempt(row: WebhookAttemptRow): Promise<void> {
    await this.db.insertInto("webhook_attempts").values(row).execute();
  }

  async update(
    id: string,
    fields: Pick<WebhookDeliveryRow, "status" | "attempts" | "next_attempt_at" | "finished_at">,
  ): Promise<void> {
    await this.db.updateTable("webhook_deliveries").set(fields).where("id", "=", id).execute();
  }

  /** Deletes the webhook's finished deliveries beyond the newest `keep`; pending ones always stay. */
  async prune(webhookId: string, keep: number): Promise<void> {
    const kept = this.db
      .selectFrom("webhook_deliveries")
      .select("id")
      .where("webhook_id", "=", webhookId)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(keep);
    await this.db
      .deleteFrom("webhook_deliveries")
      .where("webhook_id", "=", webhookId)
      .where("status", "!=", "pending")
      .where("id", "not in", kept)
      .execute();
  }
}
