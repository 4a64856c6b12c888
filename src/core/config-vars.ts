// Config vars: validated, sealed per value, versioned; a change on a deployed app makes a new release.
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import { assertConfigKey, assertConfigValue } from "../shared/names.js";
import type { ReleaseRow, Repos, Store } from "../store/index.js";
import type { EventBus } from "./events.js";
import { insertRelease, toRelease } from "./releases.js";
import type { Sealer } from "./secrets.js";
import type { App, ConfigVars, Principal, Release } from "./types.js";

export interface AppliedConfig {
  version: number;
  sealed: Record<string, string>;
  runtimeOnly: string[];
  release: ReleaseRow | undefined;
}

export interface ConfigChange {
  config: ConfigVars;
  release: Release | null;
}

/** The stored runtime-only keys (a JSON array, or null for none). */
function runtimeOnlyOf(json: string | null | undefined): string[] {
  if (!json) return [];
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === "string") : [];
}

function describe(set: string[], unset: string[]): string {
  const parts: string[] = [];
  if (set.length > 0) parts.push(`Set ${set.join(", ")}`);
  if (unset.length > 0) parts.push(`${parts.length > 0 ? "remove" : "Remove"} ${unset.join(", ")}`);
  return `${parts.join(", ")} config vars`;
}

export class ConfigService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly sealer: Sealer,
  ) {}

  /** The app's current config (the latest version), unsealed. */
  async current(app: App): Promise<ConfigVars> {
    const row = await this.store.configVersions.latest(app.id);
    return {
      version: row?.version ?? 0,
      vars: this.unseal(row?.vars ?? "{}"),
      runtimeOnly: runtimeOnlyOf(row?.runtime_only),
    };
  }

  async atVersion(app: App, version: number): Promise<Record<string, string>> {
    const row = await this.store.configVersions.get(app.id, version);
    return this.unseal(row?.vars ?? "{}");
  }

  async get(app: App, key: string): Promise<string> {
    const { vars } = await this.current(app);
    const value = vars[key];
    if (value === undefined) {
      throw new FifteenError("CONFIG_KEY_NOT_FOUND", `App "${app.name}" has no config var ${key}.`);
    }
    return value;
  }

  /**
   * Applies sets (string) and unsets (null) as one new version; validates everything before writing.
   * `runtimeOnly` marks the keys set here as runtime-only: processes get them, build steps never do. A key
   * stays marked until it is unset.
   */
  async update(
    app: App,
    changes: Record<string, string | null>,
    actor: Principal,
    options: { runtimeOnly?: boolean } = {},
  ): Promise<ConfigChange> {
    const set = Object.keys(changes).filter((k) => changes[k] !== null);
    const unset = Object.keys(changes).filter((k) => changes[k] === null);
    for (const key of Object.keys(changes)) assertConfigKey(key);
    for (const key of set) assertConfigValue(key, changes[key] as string);
    if (set.length + unset.length === 0) {
      throw new FifteenError(
        "REQUEST_INVALID",
        "No config vars given: use KEY=VALUE to set or KEY to unset.",
      );
    }
    // Tied to its release: if that release fails, the change is not the app's config (config:get, the next
    // change and the next deploy all read the config before it).
    const result = await this.store.transaction((tx) =>
      this.applyIn(tx, app, changes, describe(set, unset), actor.name, {
        tied: true,
        runtimeOnly: options.runtimeOnly === true,
      }),
    );
    return this.announce(app, result);
  }

  /**
   * Writes a new config version (and, for a deployed app, a release) inside the caller's transaction, for
   * changes that come with other writes (add-ons). Validation is the caller's; call announce() after commit.
   * `tied`: the change is undone if its release fails (not for add-ons, whose resource exists either way).
   */
  async applyIn(
    tx: Repos,
    app: App,
    changes: Record<string, string | null>,
    description: string,
    actor: string,
    options: { tied?: boolean; runtimeOnly?: boolean } = {},
  ): Promise<AppliedConfig> {
    const latest = await tx.configVersions.latest(app.id);
    const sealed = JSON.parse(latest?.vars ?? "{}") as Record<string, string>;
    const runtimeOnly = new Set(runtimeOnlyOf(latest?.runtime_only));
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) {
        delete sealed[key];
        runtimeOnly.delete(key);
      } else {
        sealed[key] = this.sealer.seal(value);
        if (options.runtimeOnly) runtimeOnly.add(key);
      }
    }
    const marked = [...runtimeOnly].filter((key) => key in sealed).sort();
    const version = await tx.apps.next(app.id, "config_seq");
    await tx.configVersions.insert({
      app_id: app.id,
      version,
      vars: JSON.stringify(sealed),
      runtime_only: marked.length > 0 ? JSON.stringify(marked) : null,
      description,
      created_by: actor,
      created_at: now(),
    });
    // Built on a deploy still rolling out too, so the config change cannot bring the old code back.
    const current = await tx.releases.latestActive(app.id);
    const release = current
      ? await insertRelease(tx, app, {
          slug_digest: current.slug_digest,
          source_digest: current.source_digest,
          commit: current.commit,
          config_version: version,
          process_types: current.process_types,
          buildpack: current.buildpack,
          build_id: current.build_id,
          description,
          rollback_of: null,
          created_by: actor,
        })
      : undefined;
    if (release && options.tied) await tx.configVersions.linkRelease(app.id, version, release.version);
    return { version, sealed, runtimeOnly: marked, release };
  }

  /** After the transaction of applyIn commits: tells the runtime, and returns what changed. */
  announce(app: App, result: AppliedConfig): ConfigChange {
    const config = {
      version: result.version,
      vars: this.unsealAll(result.sealed),
      runtimeOnly: result.runtimeOnly,
    };
    this.events.emit("config.changed", { app, version: result.version });
    const release = result.release ? toRelease(result.release, app.name, result.release.version) : null;
    if (release) this.events.emit("release.created", { app, release });
    return { config, release };
  }

  /** The app's latest config keys, inside a transaction (for checks before applyIn). */
  async keysIn(tx: Repos, app: App): Promise<string[]> {
    return Object.keys(JSON.parse((await tx.configVersions.latest(app.id))?.vars ?? "{}") as object);
  }

  private unseal(json: string): Record<string, string> {
    return this.unsealAll(JSON.parse(json) as Record<string, string>);
  }

  private unsealAll(sealed: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of Object.keys(sealed).sort()) out[key] = this.sealer.open(sealed[key] as string);
    return out;
  }
}
