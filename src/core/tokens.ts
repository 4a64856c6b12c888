// API tokens: created with a random secret, stored as a sha256 hash, checked in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { AppRow, Store, TokenRow, UserRow } from "../store/index.js";
import { canSeeApp } from "./access.js";
import { expand, isPermission, isRole, type Permission, type Role } from "./permissions.js";
import type { Principal } from "./types.js";

const BOOTSTRAP_KEY = "bootstrap.admin_token";

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface TokenInfo {
  id: string;
  name: string;
  permissions: Permission[];
  /** The one app the token is limited to, or null for every app its permissions reach. */
  app: string | null;
  /** The user the token acts for, or null for a machine token. */
  user: string | null;
  createdAt: string;
  expiresAt: string | null;
}

export interface NewToken {
  name: string;
  permissions: Permission[];
  app: string | null;
  expiresInDays: number | null;
}

export function assertTokenName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(name)) {
    throw new FifteenError(
      "TOKEN_INVALID",
      `Token name ${JSON.stringify(name)} is invalid: use 1 to 64 letters, digits, spaces, ".", "_" or "-".`,
    );
  }
}

/** Holds platform:admin for the whole platform (a machine admin token, or a platform admin user's token). */
export function isPlatformAdmin(principal: Principal): boolean {
  return principal.appId === null && principal.permissions.has("platform:admin");
}

export function generateToken(): string {
  return `fft_${randomBytes(24).toString("base64url")}`;
}

export class TokenService {
  constructor(private readonly store: Store) {}

  /** Never the secret, which exists only at creation. A platform admin sees every token, a user their own. */
  async list(principal: Principal): Promise<TokenInfo[]> {
    const rows = (await this.store.tokens.list()).filter((row) => this.#manages(principal, row));
    const names = new Map((await this.store.apps.list()).map((a) => [a.id, a.name]));
    const emails = new Map((await this.store.users.list()).map((u) => [u.id, u.email]));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      permissions: (JSON.parse(row.permissions) as string[]).filter(isPermission),
      app: row.app_id === null ? null : (names.get(row.app_id) ?? null),
      user: row.user_id === null ? null : (emails.get(row.user_id) ?? null),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }));
  }

  /** A platform admin manages every token; a user only their own. */
  #manages(principal: Principal, row: TokenRow): boolean {
    if (isPlatformAdmin(principal)) return true;
    return principal.user !== null && row.user_id === principal.user.id;
  }

  /**
   * A named token for people or CI: some permissions, optionally one app only, optionally expiring. A user's
   * token acts for that user (never beyond their roles); a platform admin's machine token acts for nobody.
   */
  async issue(request: NewToken, actor: Principal): Promise<TokenInfo & { token: string }> {
    if (request.permissions.includes("platform:admin") && !isPlatformAdmin(actor)) {
      throw new FifteenError("FORBIDDEN", "Only a platform admin can issue a platform:admin token.");
    }
    assertTokenName(request.name);
    let app: AppRow | undefined;
    if (request.app !== null) {
      app = await this.store.apps.byName(request.app);
      if (!app || !canSeeApp(actor, app)) {
        throw new FifteenError(
          "APP_NOT_FOUND",
          `No app named "${request.app}". List them with \`fifteen apps\`.`,
        );
      }
    }
    const expiresAt =
      request.expiresInDays === null
        ? null
        : new Date(Date.now() + request.expiresInDays * 86_400_000).toISOString();
    const userId = actor.user?.id ?? null;
    const { id, token } = await this.create(
      request.name,
      request.permissions,
      app?.id ?? null,
      undefined,
      expiresAt,
      userId,
    );
    return {
      id,
      token,
      name: request.name,
      permissions: request.permissions,
      app: app?.name ?? null,
      user: actor.user?.email ?? null,
      createdAt: now(),
      expiresAt,
    };
  }

  /** A login token: all the user's own access, for a number of days. */
  async forUser(user: UserRow, name: string, days: number) {
    const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
    const { id, token } = await this.create(name, ["platform:admin"], null, undefined, expiresAt, user.id);
    return { id, token, expiresAt };
  }

  async revoke(id: string, actor: Principal): Promise<void> {
    const row = await this.store.tokens.byId(id);
    if (!row || !this.#manages(actor, row)) {
      throw new FifteenError("TOKEN_NOT_FOUND", `No token with id ${id}; \`fifteen tokens\` lists them.`);
    }
    // The platform cannot make another admin token after its first start: never revoke the last one.
    const machineAdmin = (t: TokenRow) =>
      t.app_id === null &&
      t.user_id === null &&
      t.expires_at === null &&
      (JSON.parse(t.permissions) as string[]).includes("platform:admin");
    if (machineAdmin(row) && (await this.store.tokens.list()).filter(machineAdmin).length === 1) {
      throw new FifteenError(
        "TOKEN_LAST_ADMIN",
        "This is the last platform admin token; create another with `fifteen tokens:create NAME -p platform:admin` first.",
      );
    }
    if (!(await this.store.tokens.delete(id))) {
      throw new FifteenError("TOKEN_NOT_FOUND", `No token with id ${id}; \`fifteen tokens\` lists them.`);
    }
  }

  async create(
    name: string,
    permissions: Permission[],
    appId: string | null,
    token = generateToken(),
    expiresAt: string | null = null,
    userId: string | null = null,
  ) {
    const hash = digest(token);
    const id = randomUUID();
    await this.store.tokens.insert({
      id,
      name,
      lookup: hash.slice(0, 16),
      hash,
      permissions: JSON.stringify(permissions),
      app_id: appId,
      created_at: now(),
      expires_at: expiresAt,
      user_id: userId,
    });
    return { id, token };
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    if (token.length === 0 || token.length > 512) return undefined;
    const hash = Buffer.from(digest(token), "hex");
    const candidates = await this.store.tokens.byLookup(hash.toString("hex").slice(0, 16));
    for (const row of candidates) {
      if (!timingSafeEqual(Buffer.from(row.hash, "hex"), hash)) continue;
      if (row.expires_at !== null && row.expires_at <= now()) return undefined;
      const granted = expand((JSON.parse(row.permissions) as string[]).filter(isPermission));
      if (row.user_id === null) {
        return {
          tokenId: row.id,
          name: row.name,
          permissions: granted,
          appId: row.app_id,
          user: null,
          roles: null,
        };
      }
      return this.#userPrincipal(row, granted);
    }
    return undefined;
  }

  /** A user's token: their email as the actor, platform:admin only for platform admins, their roles loaded. */
  async #userPrincipal(row: TokenRow, granted: ReadonlySet<Permission>): Promise<Principal | undefined> {
    const user = await this.store.users.byId(row.user_id as string);
    if (!user) return undefined;
    const platformAdmin = user.platform_admin === 1;
    const permissions = platformAdmin ? granted : new Set([...granted].filter((p) => p !== "platform:admin"));
    let roles: Map<string, Role> | null = null;
    if (!platformAdmin) {
      roles = new Map();
      for (const m of await this.store.users.rolesOf(user.id))
        if (isRole(m.role)) roles.set(m.app_id, m.role);
    }
    return {
      tokenId: row.id,
      name: user.email,
      permissions,
      appId: row.app_id,
      user: { id: user.id, email: user.email, platformAdmin },
      roles,
    };
  }

  /**
   * On the first start only: creates the admin token (the given one, or a fresh one).
   * Returns the token when this call created it, so the caller can show it once.
   */
  async bootstrapAdmin(
    given: string | undefined,
  ): Promise<{ token: string; generated: boolean } | undefined> {
    const token = given ?? generateToken();
    return this.store.transaction(async (tx) => {
      if (!(await tx.settings.setIfAbsent(BOOTSTRAP_KEY, now()))) return undefined;
      const hash = digest(token);
      await tx.tokens.insert({
        id: randomUUID(),
        name: "admin",
        lookup: hash.slice(0, 16),
        hash,
        permissions: JSON.stringify(["platform:admin"]),
        app_id: null,
        created_at: now(),
        expires_at: null,
        user_id: null,
      });
      return { token, generated: given === undefined };
    });
  }
}
