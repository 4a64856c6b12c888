// Add-ons and where they are attached: one add-on, many apps, each under its own alias.
import type { Db } from "./db.js";
import type { AddonAttachmentsTable, AddonsTable } from "./schema.js";

export type AddonRow = AddonsTable;
export type AttachmentRow = AddonAttachmentsTable;

export class AddonsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: AddonRow): Promise<void> {
    await this.db.insertInto("addons").values(row).execute();
  }

  async byName(name: string): Promise<AddonRow | undefined> {
    return this.db.selectFrom("addons").selectAll().where("name", "=", name).executeTakeFirst();
  }

  /** Every add-on of a kind (providers that run servers resume them at start). */
  async ofKind(kind: string): Promise<AddonRow[]> {
    return this.db.selectFrom("addons").selectAll().where("kind", "=", kind).orderBy("name").execute();
  }

  async ownedBy(appId: string): Promise<AddonRow[]> {
    return this.db
      .selectFrom("addons")
      .selectAll()
      .where("owner_app_id", "=", appId)
      .orderBy("name")
      .execute();
  }

  /** The add-ons attached to an app, each with its alias there. */
  async attachedTo(appId: string): Promise<Array<AddonRow & { alias: string }>> {
    return this.db
      .selectFrom("addon_attachments")
      .innerJoin("addons", "addons.id", "addon_attachments.addon_id")
      .selectAll("addons")
      .select("addon_attachments.alias")
      .where("addon_attachments.app_id", "=", appId)
      .orderBy("addons.name")
      .execute();
  }

  async attachments(addonId: string): Promise<AttachmentRow[]> {
    return this.db
      .selectFrom("addon_attachments")
      .selectAll()
      .where("addon_id", "=", addonId)
      .orderBy("created_at")
      .execute();
  }

  async attach(row: AttachmentRow): Promise<void> {
    await this.db.insertInto("addon_attachments").values(row).execute();
  }

  async detach(addonId: string, appId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("addon_attachments")
      .where("addon_id", "=", addonId)
      .where("app_id", "=", appId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async setSecret(id: string, secret: string, rotatedAt: string): Promise<void> {
    await this.db.updateTable("addons").set({ secret, rotated_at: rotatedAt }).where("id", "=", id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("addons").where("id", "=", id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
