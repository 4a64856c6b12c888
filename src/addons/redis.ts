// The redis provider: a dedicated redis-server per add-on by default (plans by memory, as Heroku names them),
// or, on the shared plan, an ACL user limited to a key prefix on the operator's server (FIFTEEN_REDIS_URL).
import type { Logger } from "pino";
import type { AddonProvider, ProvisionedAddon } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { DedicatedRedis } from "./redis-dedicated.js";
import type { RedisServerHost } from "./redis-server.js";
import { SharedRedis } from "./redis-shared.js";

export { redisPrefix, redisUser } from "./redis-shared.js";

/** Dedicated plans and their memory limit (maxmemory, MB). */
export const DEDICATED_PLANS: Readonly<Record<string, number>> = {
  mini: 25,
  "premium-0": 50,
  "premium-1": 100,
  "premium-2": 250,
  "premium-3": 500,
  "premium-5": 1024,
};

export const SHARED_PLAN = "shared";

export interface RedisProviderOptions {
  /** FIFTEEN_REDIS_URL: the server of the shared plan; unset means no shared plan. */
  adminUrl: string | undefined;
  /** FIFTEEN_REDIS_PLAN: the plan of `addons:create redis`. */
  defaultPlan?: string | undefined;
  /** Dedicated servers: the binary, their directories (DATA_DIR/addons/redis), uid, sealer and log. */
  dedicated: RedisServerHost & { dir: string };
}

export class RedisProvider implements AddonProvider {
  readonly kind = "redis";
  readonly defaultAlias = "REDIS";
  readonly rotatable = true;
  readonly plans: readonly string[];
  readonly #shared: SharedRedis;
  readonly #dedicated: DedicatedRedis;
  readonly #log: Logger;

  constructor(options: RedisProviderOptions) {
    const all = [...Object.keys(DEDICATED_PLANS), SHARED_PLAN];
    const first = options.defaultPlan ?? "mini";
    this.plans = [first, ...all.filter((p) => p !== first)];
    this.#shared = new SharedRedis(options.adminUrl);
    this.#dedicated = new DedicatedRedis(options.dedicated);
    this.#log = options.dedicated.log;
  }

  provision(name: string, options: { plan?: string | undefined }): Promise<ProvisionedAddon> {
    const plan = options.plan ?? this.plans[0] ?? "mini";
    if (plan === SHARED_PLAN) return this.#shared.provision(name);
    const mb = DEDICATED_PLANS[plan];
    if (mb === undefined) {
      return Promise.reject(
        new FifteenError(
          "ADDON_INVALID",
          `redis has no plan "${plan}"; the plans are: ${this.plans.join(", ")}.`,
        ),
      );
    }
    return this.#dedicated.provision(name, plan, mb);
  }

  rotate(name: string, resource: Record<string, string>): Promise<{ url: string }> {
    return isShared(resource) ? this.#shared.rotate(name) : this.#dedicated.rotate(name);
  }

  deprovision(name: string, resource: Record<string, string>): Promise<void> {
    return isShared(resource) ? this.#shared.deprovision(name) : this.#dedicated.deprovision(name);
  }

  async resume(
    addons: ReadonlyArray<{ name: string; resource: Record<string, string>; url: string }>,
  ): Promise<void> {
    const dedicated = addons.flatMap(({ name, resource, url }) => {
      if (isShared(resource)) return [];
      const port = Number(resource.port);
      const password = URL.canParse(url) ? decodeURIComponent(new URL(url).password) : "";
      if (!Number.isInteger(port) || port <= 0 || !password) {
        this.#log.error({ addon: name }, "the redis add-on's record has no port or password; not started");
        return [];
      }
      return [{ name, port, password, maxmemoryMb: maxmemoryOf(resource) }];
    });
    await this.#dedicated.resume(dedicated);
  }

  async close(): Promise<void> {
    this.#dedicated.close();
  }

  async status(name: string, resource: Record<string, string>): Promise<Record<string, string>> {
    return isShared(resource) ? {} : this.#dedicated.status(name, maxmemoryOf(resource));
  }

  /** Stops every dedicated server (they outlive a platform stop otherwise): `fifteen down --stop-apps`. */
  stopAll(): Promise<number> {
    return this.#dedicated.stopAll();
  }

  /** Every dedicated server's state, for doctor. */
  servers(): ReturnType<DedicatedRedis["states"]> {
    return this.#dedicated.states();
  }
}

/** Add-ons made before plans existed have no plan in their record: they are ACL users on the shared server. */
function isShared(resource: Record<string, string>): boolean {
  return resource.plan === undefined || resource.plan === SHARED_PLAN;
}

function maxmemoryOf(resource: Record<string, string>): number {
  return DEDICATED_PLANS[resource.plan ?? ""] ?? (Number.parseInt(resource.maxmemory ?? "", 10) || 25);
}
