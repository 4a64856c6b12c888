// Releases: numbered, immutable (slug + config version + process types); rollback makes a new one.
import { randomUUID } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import { toApp, type ReleaseRow, type Repos, type Store } from "../store/index.js";
import type { EventBus } from "./events.js";
import type { Manifest } from "./manifest/schema.js";
import type { App, Principal, Release } from "./types.js";

export function toRelease(row: ReleaseRow, appName: string, currentVersion: number | undefined): Release {
  return {
    id: row.id,
    app: appName,
    version: row.version,
    status: row.status,
    description: row.description,
    slugDigest: row.slug_digest,
    sourceDigest: row.source_digest,
    commit: row.commit,
    configVersion: row.config_version,
    processTypes: JSON.parse(row.process_types) as Record<string, string>,
    buildpack: row.buildpack,
    buildId: row.build_id,
    rollbackOf: row.rollback_of,
    promotedFromApp: row.promoted_from_app ?? null,
    promotedFromRelease: row.promoted_from_release ?? null,
    manifest: row.manifest ? (JSON.parse(row.manifest) as Manifest) : null,
    failure: row.failure,
    failureOutput: row.failure_output ? (JSON.parse(row.failure_output) as string[]) : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    current: row.status === "succeeded" && row.version === currentVersion,
  };
}

export type NewRelease = Omit<
  ReleaseRow,
  "id" | "app_id" | "version" | "status" | "failure" | "failure_output" | "created_at"
>;

/**
 * Writes the next release, pending, inside the caller's transaction; the runtime settles it once its web
 * processes serve (or fail to). Process types new to the app get a formation: web=1, others 0 (as on Heroku).
 */
export async function insertRelease(tx: Repos, app: App, release: NewRelease): Promise<ReleaseRow> {
  const row: ReleaseRow = {
    ...release,
    id: randomUUID(),
    app_id: app.id,
    version: await tx.apps.next(app.id, "release_seq"),
    status: "pending",
    failure: null,
    created_at: now(),
  };
  // Config-change, rollback and promoted releases reuse a slug: its fifteen.json (and so its manifest) too.
  if (row.manifest === undefined) row.manifest = await tx.releases.manifestOfSlug(row.slug_digest);
  await tx.releases.insert(row);
  const known = new Set((await tx.formation.of(app.id)).map((f) => f.type));
  for (const type of Object.keys(JSON.parse(row.process_types) as Record<string, string>)) {
    if (!known.has(type)) await tx.formation.set(app.id, type, type === "web" ? 1 : 0, row.created_at);
  }
  return row;
}

export class ReleaseService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  async list(app: App, limit = 100): Promise<Release[]> {
    const [rows, current] = await Promise.all([
      this.store.releases.list(app.id, limit),
      this.store.releases.current(app.id),
    ]);
    return rows.map((r) => toRelease(r, app.name, current?.version));
  }

  async get(app: App, version: number): Promise<Release> {
    const [row, current] = await Promise.all([
      this.store.releases.byVersion(app.id, version),
      this.store.releases.current(app.id),
    ]);
    if (!row) {
      throw new FifteenError(
        "RELEASE_NOT_FOUND",
        `App "${app.name}" has no release v${version}; see \`fifteen releases\`.`,
      );
    }
    return toRelease(row, app.name, current?.version);
  }

  /** The live release (the newest that succeeded), if any. */
  async live(app: App): Promise<Release | undefined> {
    const row = await this.store.releases.current(app.id);
    return row ? toRelease(row, app.name, row.version) : undefined;
  }

  /**
   * Marks a pending release live (succeeded) or failed with the reason and the last lines its failing process
   * printed; no-op if it was already settled. A config change that made a failed release is undone with it.
   */
  async settle(
    app: App,
    version: number,
    status: "succeeded" | "failed",
    failure: string | null,
    output: string[] | null = null,
  ): Promise<Release> {
    await this.store.releases.settle(app.id, version, status, failure, output);
    const release = await this.get(app, version);
    this.events.emit("release.settled", { app, release });
    return release;
  }

  async pending(): Promise<Array<{ app: App; release: ReleaseRow }>> {
    const out = [];
    for (const release of await this.store.releases.pending()) {
      const app = await this.store.apps.byId(release.app_id);
      if (app) out.push({ app: toApp(app), release });
    }
    return out;
  }

  /** New release with the slug, config and process types of `version` (default: the one before the current). */
  async rollback(app: App, version: number | undefined, actor: Principal): Promise<Release> {
    const row = await this.store.transaction(async (tx) => {
      const current = await tx.releases.current(app.id);
      if (!current) {
        const tried = (await tx.releases.list(app.id, 1))[0];
        throw new FifteenError(
          "ROLLBACK_INVALID",
          tried
            ? `App "${app.name}" has no successful release to roll back to (v${tried.version} ${tried.status}); fix the error and deploy again.`
            : `App "${app.name}" has no releases yet; deploy first.`,
        );
      }
      const targetVersion = version ?? current.version - 1;
      const target = targetVersion >= 1 ? await tx.releases.byVersion(app.id, targetVersion) : undefined;
      if (!target) {
        throw new FifteenError(
          "ROLLBACK_INVALID",
          version === undefined
            ? `App "${app.name}" has no release before v${current.version} to roll back to.`
            : `App "${app.name}" has no release v${version}; see \`fifteen releases\`.`,
        );
      }
      if (target.status !== "succeeded") {
        throw new FifteenError(
          "ROLLBACK_INVALID",
          `Release v${target.version} ${target.status}; pick one that succeeded.`,
        );
      }
      // The rolled-back config becomes the app's config again, as a new config version.
      const config = await tx.configVersions.get(app.id, target.config_version);
      const configVersion = await tx.apps.next(app.id, "config_seq");
      await tx.configVersions.insert({
        app_id: app.id,
        version: configVersion,
        vars: config?.vars ?? "{}",
        // Runtime-only marks come back with the values they guard.
        runtime_only: config?.runtime_only ?? null,
        description: `Rollback to v${target.version}`,
        created_by: actor.name,
        created_at: now(),
      });
      const row = await insertRelease(tx, app, {
        slug_digest: target.slug_digest,
        source_digest: target.source_digest,
        commit: target.commit,
        config_version: configVersion,
        process_types: target.process_types,
        buildpack: target.buildpack,
        build_id: target.build_id,
        description: `Rollback to v${target.version}`,
        rollback_of: target.version,
        created_by: actor.name,
      });
      // A rollback that fails leaves the config as it was, like any config change whose release fails.
      await tx.configVersions.linkRelease(app.id, configVersion, row.version);
      return row;
    });
    const release = toRelease(row, app.name, row.version);
    this.events.emit("config.changed", { app, version: row.config_version });
    this.events.emit("release.created", { app, release });
    return release;
  }
}
