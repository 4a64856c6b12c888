// API tokens: created with a random secret, stored as a sha256 hash, checked in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { now } from "../shared/clock.js";
import type { Store } from "../store/index.js";
import { expand, isPermission, type Permission } from "./permissions.js";
import type { Principal } from "./types.js";

const BOOTSTRAP_KEY = "bootstrap.admin_token";

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function generateToken(): string {
  return `fft_${randomBytes(24).toString("base64url")}`;
}

export class TokenService {
  constructor(private readonly store: Store) {}

  async create(name: string, permissions: Permission[], appId: string | null, token = generateToken()) {
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
      expires_at: null,
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
