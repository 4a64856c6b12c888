// API tokens: created with a random secret, stored as a sha256 hash, checked in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { AppRow, Store } from "../store/index.js";
import { expand, isPermission, type Permission } from "./permissions.js";
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
  createdAt: string;
  expiresAt: string | null;
}

export interface NewToken {
  name: string;
  permissions: Permission[];
  app: string | null;
  expiresInDays: number | null;
}

export function generateToken(): string {
  return `fft_${randomBytes(24).toString("base64url")}`;
}

export class TokenService {
  constructor(private readonly store: Store) {}

  /** Tokens as listed to an admin: never the secret, which exists only at creation. */
  async list(): Promise<TokenInfo[]> {
    const rows = await this.store.tokens.list();
    const names = new Map((await this.store.apps.list()).map((a) => [a.id, a.name]));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      permissions: (JSON.parse(row.permissions) as string[]).filter(isPermission),
      app: row.app_id === null ? null : (names.get(row.app_id) ?? null),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }));
  }

  /** A named token for people or CI: some permissions, optionally one app only, optionally expiring. */
  async issue(request: NewToken): Promise<TokenInfo & { token: string }> {
    if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(request.name)) {
      throw new FifteenError(
        "TOKEN_INVALID",
        `Token name ${JSON.stringify(request.name)} is invalid: use 1 to 64 letters, digits, spaces, ".", "_" or "-".`,
      );
    }
    let app: AppRow | undefined;
    if (request.app !== null) {
      app = await this.store.apps.byName(request.app);
      if (!app) {
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
    const { id, token } = await this.create(
      request.name,
      request.permissions,
      app?.id ?? null,
      undefined,
      expiresAt,
    );
    return {
      id,
      token,
      name: request.name,
      permissions: request.permissions,
      app: app?.name ?? null,
      createdAt: now(),
      expiresAt,
    };
  }

  async revoke(id: string): Promise<void> {
    // The platform cannot make another admin token after its first start: never revoke the last one.
    const admins = (await this.store.tokens.list()).filter(
      (t) => t.app_id === null && (JSON.parse(t.permissions) as string[]).includes("platform:admin"),
    );
    if (admins.length === 1 && admins[0]?.id === id) {
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
      const granted = (JSON.parse(row.permissions) as string[]).filter(isPermission);
      return { tokenId: row.id, name: row.name, permissions: expand(granted), appId: row.app_id };
    }
    return undefined;
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
      });
      return { token, generated: given === undefined };
    });
  }
}
