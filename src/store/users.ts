// Users and their roles on apps (app_members): who may do what to which app.
import type { Db } from "./db.js";
import type { AppMembersTable, UsersTable } from "./schema.js";

export type UserRow = UsersTable;
export type MemberRow = AppMembersTable;

export class UsersRepo {
  constructor(private readonly db: Db) {}

  async insert(row: UserRow): Promise<void> {
    await this.db.insertInto("users").values(row).execute();
  }

  async byEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
  }

  async byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async list(): Promise<UserRow[]> {
    return this.db.selectFrom("users").selectAll().orderBy("email").execute();
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("users").where("id", "=", id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Every role the user holds, one row per app. */
  async rolesOf(userId: string): Promise<MemberRow[]> {
    return this.db.selectFrom("app_members").selectAll().where("user_id", "=", userId).execute();
  }

  async membersOf(appId: string): Promise<(MemberRow & { email: string })[]> {
    return this.db
      .selectFrom("app_members")
      .innerJoin("users", "users.id", "app_members.user_id")
      .select([
        "app_members.app_id",
        "app_members.user_id",
        "app_members.role",
        "app_members.created_at",
        "users.email",
      ])
      .where("app_members.app_id", "=", appId)
      .orderBy("users.email")
      .execute();
  }

  /** Grants or changes a role. */
  async setRole(row: MemberRow): Promise<void> {
    await this.db
      .insertInto("app_members")
      .values(row)
      .onConflict((oc) => oc.columns(["app_id", "user_id"]).doUpdateSet({ role: row.role }))
      .execute();
  }

  async removeRole(appId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("app_members")
      .where("app_id", "=", appId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
