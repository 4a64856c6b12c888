// App access: which users hold which role on an app (`fifteen access`), and the rules for changing it.
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { Store } from "../store/index.js";
import { can } from "./access.js";
import { isRole, type Role } from "./permissions.js";
import type { App, Principal } from "./types.js";
import { normalEmail } from "./users.js";

export interface Member {
  email: string;
  role: Role;
  since: string;
}

export class MemberService {
  constructor(private readonly store: Store) {}

  async list(app: App): Promise<Member[]> {
    return (await this.store.users.membersOf(app.id)).map((m) => ({
      email: m.email,
      role: isRole(m.role) ? m.role : "viewer",
      since: m.created_at,
    }));
  }

  /** Grants a role, or changes it; only an owner (or a platform admin) can make or unmake an owner. */
  async grant(app: App, email: string, role: Role, actor: Principal): Promise<Member[]> {
    const user = await this.#user(email);
    await this.store.transaction(async (tx) => {
      await tx.apps.lock(app.id); // two owners demoting each other at once: the second sees the first's change
      const members = await tx.users.membersOf(app.id);
      const current = members.find((m) => m.user_id === user.id);
      if (role === "owner" || current?.role === "owner") this.#ownerOnly(app, actor);
      if (current?.role === "owner" && role !== "owner") this.#keepAnOwner(members, user.id, app);
      await tx.users.setRole({ app_id: app.id, user_id: user.id, role, created_at: now() });
    });
    return this.list(app);
  }

  async revoke(app: App, email: string, actor: Principal): Promise<Member[]> {
    const user = await this.#user(email);
    await this.store.transaction(async (tx) => {
      await tx.apps.lock(app.id); // two owners demoting each other at once: the second sees the first's change
      const members = await tx.users.membersOf(app.id);
      const current = members.find((m) => m.user_id === user.id);
      if (!current) {
        throw new FifteenError(
          "USER_NOT_FOUND",
          `${user.email} has no access to ${app.name}; see \`fifteen access\`.`,
        );
      }
      if (current.role === "owner") {
        this.#ownerOnly(app, actor);
        this.#keepAnOwner(members, user.id, app);
      }
      await tx.users.removeRole(app.id, user.id);
    });
    return this.list(app);
  }

  #ownerOnly(app: App, actor: Principal): void {
    if (!can(actor, "app:owner", app)) {
      throw new FifteenError(
        "FORBIDDEN",
        `Only an owner of ${app.name} can grant, change or remove the owner role.`,
      );
    }
  }

  #keepAnOwner(members: { user_id: string; role: string }[], leaving: string, app: App): void {
    if (!members.some((m) => m.role === "owner" && m.user_id !== leaving)) {
      throw new FifteenError(
        "ACCESS_LAST_OWNER",
        `This is the last owner of ${app.name}; make someone else owner first (\`fifteen access:add EMAIL --role owner\`).`,
      );
    }
  }

  async #user(email: string) {
    const row = await this.store.users.byEmail(normalEmail(email));
    if (!row) {
      throw new FifteenError(
        "USER_NOT_FOUND",
        `No user with email ${email}; a platform admin creates users with \`fifteen users:create\`.`,
      );
    }
    return row;
  }
}
