// What a deploy does with the app's manifest: provision its add-ons before the release, check required config
// before any process starts, and once the release is live make cron jobs and formation defaults follow it.
import { randomBytes } from "node:crypto";
import { formatMemory, parseMemorySize } from "../../shared/sizes.js";
import { FifteenError } from "../../shared/errors.js";
import { toApp, type Store } from "../../store/index.js";
import type { AddonService } from "../addons.js";
import type { ConfigService } from "../config-vars.js";
import type { CronService } from "../cron.js";
import { FEATURE_NAMES, hasFeature, type FeatureService } from "../features.js";
import type { FormationService } from "../formation.js";
import type { AddonProvider } from "../ports.js";
import type { App, Principal, Release } from "../types.js";
import { cronCommand, manifestInvalid, MANIFEST_FILE } from "./parse.js";
import { configProblems, describeConfigProblems } from "./required-config.js";
import type { Manifest } from "./schema.js";

/** The creator recorded on cron jobs a manifest declares (`fifteen cron` shows it). */
export const MANIFEST_ACTOR = MANIFEST_FILE;

export interface ManifestDeps {
  config: ConfigService;
  addons: AddonService;
  cron: CronService;
  formation: FormationService;
  features: FeatureService;
  providers: ReadonlyMap<string, AddonProvider>;
}

export class ManifestService {
  constructor(
    private readonly store: Store,
    private readonly deps: ManifestDeps,
  ) {}

  /** Why the release must not start, if its config lacks what its manifest requires. */
  async configFailure(app: App, release: Release): Promise<string | undefined> {
    if (!release.manifest?.config) return undefined;
    const vars = await this.deps.config.atVersion(app, release.configVersion);
    const problems = configProblems(release.manifest, vars);
    return problems.length > 0 ? describeConfigProblems(problems) : undefined;
  }

  /** Whether the app has a live release: config defaults and the postdeploy script are for the first deploy. */
  async deployed(app: App): Promise<boolean> {
    return (await this.store.releases.current(app.id)) !== undefined;
  }

  /**
   * Before an app's first release: each config key the manifest gives a `value` or a `generator` for, and
   * the config does not have, is set (one config version; the app has no release yet, so none is made).
   * Returns one line per key, naming it (never a value: they may be secrets).
   */
  async applyConfigDefaults(app: App, manifest: Manifest | null, actor: string): Promise<string[]> {
    const entries = Object.entries(manifest?.config ?? {});
    if (entries.length === 0 || (await this.deployed(app))) return [];
    const { vars } = await this.deps.config.current(app);
    const changes: Record<string, string> = {};
    const lines: string[] = [];
    for (const [key, entry] of entries) {
      if (typeof entry === "string" || vars[key] !== undefined) continue;
      if (entry.value !== undefined) {
        changes[key] = entry.value;
        lines.push(`config: set ${key} (its default)`);
      } else if (entry.generator === "secret") {
        changes[key] = randomBytes(32).toString("hex");
        lines.push(`config: set ${key} (a generated secret)`);
      }
    }
    if (lines.length === 0) return [];
    await this.deps.config.update(app, changes, deployer(app, actor));
    return lines;
  }

  /** The manifest of the app's live release: the defaults the next deploy compares formation against. */
  async live(app: App): Promise<Manifest | null> {
    const row = await this.store.releases.current(app.id);
    return row?.manifest ? (JSON.parse(row.manifest) as Manifest) : null;
  }

  /**
   * Before a deploy's release is written: provisions each add-on the manifest lists that the app has nothing
   * attached as (so the release's config has its variables). Returns one line per change. Never destroys:
   * an add-on dropped from the manifest stays attached.
   */
  async provisionAddons(app: App, manifest: Manifest, actor: string): Promise<string[]> {
    const entries = manifest.addons ?? [];
    const planned: Array<{ index: number; kind: string; alias: string }> = [];
    const problems: string[] = [];
    entries.forEach((entry, index) => {
      const provider = this.deps.providers.get(entry.kind);
      if (!provider) {
        const kinds = [...this.deps.providers.keys()].join(", ") || "none";
        problems.push(
          `/addons/${index}/kind: this platform has no add-on kind "${entry.kind}" (kinds: ${kinds})`,
        );
        return;
      }
      const alias = entry.as ?? provider.defaultAlias;
      const twin = planned.find((p) => p.alias === alias);
      if (twin) problems.push(`/addons/${index}: ${alias} is already used by /addons/${twin.index}`);
      else planned.push({ index, kind: entry.kind, alias });
    });
    if (problems.length > 0) throw manifestInvalid(problems);
    const lines: string[] = [];
    const attached = await this.store.addons.attachedTo(app.id);
    const principal = deployer(app, actor);
    for (const { index, kind, alias } of planned) {
      const existing = attached.find((a) => a.alias === alias);
      if (existing) {
        if (existing.kind !== kind)
          lines.push(`${alias} is ${existing.name}, a ${existing.kind} add-on, not ${kind}: left as it is`);
        continue;
      }
      try {
        const change = await this.deps.addons.create(app, { kind, as: alias }, principal);
        lines.push(`provisioned ${kind} as ${alias} (${change.addon.name})`);
        for (const warning of change.warnings) lines.push(`note: ${warning}`);
      } catch (err) {
        if (!(err instanceof FifteenError)) throw err;
        throw new FifteenError(
          err.code,
          `${MANIFEST_FILE}: /addons/${index}: could not provision ${kind} as ${alias}: ${err.message}`,
        );
      }
    }
    return lines;
  }

  /**
   * Before the release: each formation size fifteen.json gives is stored for a type whose size is still the
   * previous default (what the live release's manifest said, or FIFTEEN_DEFAULT_MEMORY), so the new release's
   * processes start with it; a size set with ps:resize stays. The live processes keep theirs until replaced.
   */
  async applySizes(app: App, manifest: Manifest | null, previous: Manifest | null): Promise<string[]> {
    const declared = Object.entries(manifest?.formation ?? {});
    const stored = new Map((await this.store.formation.sizes(app.id)).map((s) => [s.type, s.memory_mb]));
    const platformMemory = this.deps.formation.defaultMemory;
    const sizes: Record<string, number> = {};
    const lines: string[] = [];
    for (const [type, { size }] of declared) {
      const wanted = size === undefined ? undefined : parseMemorySize(size);
      if (wanted === undefined) continue;
      const memory = stored.get(type) ?? platformMemory;
      if (memory === wanted) continue;
      const before = previous?.formation?.[type]?.size;
      if (memory === (before === undefined ? platformMemory : parseMemorySize(before))) {
        sizes[type] = wanted;
        lines.push(`formation: ${type} size ${formatMemory(memory)} → ${formatMemory(wanted)}`);
      } else {
        lines.push(
          `formation: ${type} stays at ${formatMemory(memory)} (set with ps:resize; ${MANIFEST_FILE} says ${size})`,
        );
      }
    }
    if (Object.keys(sizes).length > 0) await this.deps.formation.presize(app, sizes);
    return lines;
  }

  /**
   * Once a deploy is live: the app's manifest cron jobs, features and formation defaults follow its manifest
   * (features before formation, so processes a scale-up adds are routed with them).
   */
  async applyLive(app: App, manifest: Manifest | null, previous: Manifest | null): Promise<string[]> {
    return [
      ...(await this.#syncCron(app, manifest)),
      ...(await this.#applyFeatures(app, manifest, previous)),
      ...(await this.#applyFormation(app, manifest, previous)),
    ];
  }

  /**
   * A feature follows the manifest while it is still as the live release's manifest left it (listed: on,
   * not listed: off); one someone turned on or off with features:enable or features:disable stays.
   */
  async #applyFeatures(app: App, manifest: Manifest | null, previous: Manifest | null): Promise<string[]> {
    if (manifest?.features === undefined && previous?.features === undefined) return [];
    const row = await this.store.apps.byId(app.id);
    const current = row ? toApp(row) : app;
    const lines: string[] = [];
    for (const name of FEATURE_NAMES) {
      const wanted = manifest?.features?.includes(name) ?? false;
      const on = hasFeature(current, name);
      if (on === wanted) continue;
      if (on === (previous?.features?.includes(name) ?? false)) {
        await this.deps.features.set(current, name, wanted);
        lines.push(`features: ${name} ${wanted ? "enabled" : "disabled"}`);
      } else {
        const how = on ? "features:enable" : "features:disable";
        const says = wanted ? "lists it" : "does not list it";
        lines.push(
          `features: ${name} stays ${on ? "enabled" : "disabled"} (set with ${how}; ${MANIFEST_FILE} ${says})`,
        );
      }
    }
    return lines;
  }

  /** Adds the jobs the manifest lists and removes manifest jobs it no longer lists; cron:add's are left alone. */
  async #syncCron(app: App, manifest: Manifest | null): Promise<string[]> {
    const { cron } = this.deps;
    const managed = (await cron.of(app.id)).filter((job) => job.fromManifest);
    const wanted = (manifest?.cron ?? []).map((job) => ({
      schedule: job.schedule.trim().split(/\s+/).join(" "),
      timezone: job.tz ?? "UTC",
      command: cronCommand(job.command),
    }));
    const keyOf = (job: { schedule: string; timezone: string; command: string[] }) =>
      JSON.stringify([job.schedule, job.timezone, job.command]);
    const wantedKeys = new Set(wanted.map(keyOf));
    const managedKeys = new Set(managed.map(keyOf));
    const lines: string[] = [];
    for (const job of managed) {
      if (wantedKeys.has(keyOf(job))) continue;
      await cron.remove(app, job.number);
      lines.push(`cron: removed ${describeJob(job.schedule, job.timezone, job.command)}`);
    }
    for (const job of wanted) {
      if (managedKeys.has(keyOf(job))) continue;
      const added = await cron.add(app, job, MANIFEST_ACTOR, true);
      lines.push(
        `cron: added ${describeJob(added.schedule, added.timezone, added.command)} (job ${added.number})`,
      );
    }
    return lines;
  }

  /**
   * A type follows the manifest while its quantity (or size) is still the previous default: what the live
   * release's manifest said, or the platform's (web 1, others 0; FIFTEEN_DEFAULT_MEMORY). A quantity someone
   * set with ps:scale, or a size set with ps:resize, stays.
   */
  async #applyFormation(app: App, manifest: Manifest | null, previous: Manifest | null): Promise<string[]> {
    const declared = Object.entries(manifest?.formation ?? {});
    if (declared.length === 0) return [];
    const current = new Map((await this.store.formation.of(app.id)).map((f) => [f.type, f.quantity]));
    const changes: Record<string, number> = {};
    const lines: string[] = [];
    for (const [type, { quantity }] of declared) {
      if (quantity === undefined) continue;
      const platformDefault = type === "web" ? 1 : 0;
      const running = current.get(type) ?? platformDefault;
      if (running === quantity) continue;
      if (running === (previous?.formation?.[type]?.quantity ?? platformDefault)) {
        changes[type] = quantity;
        lines.push(`formation: ${type} ${running} → ${quantity}`);
      } else {
        lines.push(
          `formation: ${type} stays at ${running} (set with ps:scale; ${MANIFEST_FILE} says ${quantity})`,
        );
      }
    }
    if (Object.keys(changes).length > 0) await this.deps.formation.scale(app, changes);
    return lines;
  }
}

/**
 * Who the manifest's changes are made as: the deployer, by name. They may deploy, so the release's config is
 * theirs already; config defaults and add-ons are made on their behalf, with no permission of their own.
 */
function deployer(app: App, actor: string): Principal {
  return { tokenId: "", name: actor, permissions: new Set(), appId: app.id, user: null, roles: null };
}

function describeJob(schedule: string, timezone: string, command: string[]): string {
  const zone = timezone === "UTC" ? "" : ` (${timezone})`;
  const line =
    command.length === 1 ? command[0] : command.map((w) => (/\s/.test(w) ? JSON.stringify(w) : w)).join(" ");
  return `${JSON.stringify(schedule)}${zone} ${line ?? ""}`;
}
