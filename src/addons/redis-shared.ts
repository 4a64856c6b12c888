// The redis:shared plan: an ACL user with a random password on the server of FIFTEEN_REDIS_URL, allowed only
// keys and channels under its own prefix, without the dangerous commands (FLUSHALL, CONFIG, KEYS, DEBUG…).
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { ProvisionedAddon } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { hostPort, serverOf, unavailable } from "./server.js";

export function redisUser(name: string): string {
  return `addon-${name}`;
}

export function redisPrefix(name: string): string {
  return `${name}:`;
}

export class SharedRedis {
  constructor(private readonly adminUrl: string | undefined) {}

  async provision(name: string): Promise<ProvisionedAddon> {
    const user = redisUser(name);
    const prefix = redisPrefix(name);
    const password = randomBytes(24).toString("hex");
    return this.#admin(async (redis) => {
      if ((await redis.call("ACL", "GETUSER", user)) !== null) {
        throw new FifteenError(
          "ADDON_PROVISION_FAILED",
          `${this.#server()} already has an ACL user ${user}; it was left alone and nothing was created.`,
        );
      }
      try {
        await redis.call(
          "ACL",
          "SETUSER",
          user,
          "reset",
          "on",
          `>${password}`,
          `~${prefix}*`,
          "resetchannels",
          `&${prefix}*`,
          "+@all",
          "-@dangerous",
        );
      } catch (err) {
        await redis.call("ACL", "DELUSER", user).catch(() => undefined);
        throw new FifteenError(
          "ADDON_PROVISION_FAILED",
          `${this.#server()} refused to create ACL user ${user}: ${(err as Error).message}. Nothing was left behind.`,
        );
      }
      const warnings = (await this.#persist(redis))
        ? []
        : [
            `${this.#server()} keeps ACL users in memory only (no aclfile or config file to save them to): ` +
              "the add-on's user is lost if the server restarts. Configure an aclfile.",
          ];
      return {
        resource: { plan: "shared", user, prefix, server: hostPort(this.#adminUrl(), 6379) },
        url: this.#url(user, password),
        vars: { KEY_PREFIX: prefix },
        warnings,
      };
    });
  }

  async rotate(name: string): Promise<{ url: string }> {
    const user = redisUser(name);
    const password = randomBytes(24).toString("hex");
    await this.#admin(async (redis) => {
      if ((await redis.call("ACL", "GETUSER", user)) === null) {
        throw new FifteenError("ADDON_UNAVAILABLE", `${this.#server()} has no ACL user ${user} any more.`);
      }
      await redis.call("ACL", "SETUSER", user, "resetpass", `>${password}`);
      await this.#persist(redis);
    });
    return { url: this.#url(user, password) };
  }

  async deprovision(name: string): Promise<void> {
    const user = redisUser(name);
    const prefix = redisPrefix(name);
    await this.#admin(async (redis) => {
      await redis.call("ACL", "DELUSER", user);
      // Its data goes too: every key under its prefix, in batches.
      let cursor = "0";
      do {
        const [next, keys] = (await redis.call(
          "SCAN",
          cursor,
          "MATCH",
          `${escapeGlob(prefix)}*`,
          "COUNT",
          "500",
        )) as [string, string[]];
        cursor = next;
        if (keys.length > 0) await redis.call("UNLINK", ...keys);
      } while (cursor !== "0");
      await this.#persist(redis);
    });
  }

  /** Saves the ACL where the server can (ACL SAVE with an aclfile, else CONFIG REWRITE); false if nowhere. */
  async #persist(redis: Redis): Promise<boolean> {
    for (const [command, sub] of [
      ["ACL", "SAVE"],
      ["CONFIG", "REWRITE"],
    ] as const) {
      try {
        await redis.call(command, sub);
        return true;
      } catch {
        // not configured on this server
      }
    }
    return false;
  }

  #adminUrl(): URL {
    if (!this.adminUrl) {
      throw new FifteenError(
        "ADDON_UNAVAILABLE",
        "redis add-ons need an admin connection: start the platform with " +
          "FIFTEEN_REDIS_URL=redis://[USER:PASSWORD@]HOST:6379 (a user allowed to run ACL).",
      );
    }
    return new URL(this.adminUrl);
  }

  #server(): string {
    return serverOf("Redis", this.#adminUrl(), 6379);
  }

  #url(user: string, password: string): string {
    const admin = this.#adminUrl();
    const url = new URL(`${admin.protocol}//${admin.host}`);
    url.username = user;
    url.password = password;
    return url.toString();
  }

  async #admin<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    // Loaded on first use: most platforms never provision a Redis add-on.
    const { Redis } = await import("ioredis");
    const redis = new Redis(this.#adminUrl().toString(), {
      lazyConnect: true,
      connectTimeout: 5000,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    redis.on("error", () => undefined);
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw unavailable(this.#server(), err, "FIFTEEN_REDIS_URL");
    }
    try {
      return await work(redis);
    } finally {
      redis.disconnect();
    }
  }
}

/** A literal for SCAN MATCH: glob characters in the prefix match only themselves. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
