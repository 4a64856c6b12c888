// Builds: record a source, queue a build, and on success write its release in the same transaction.
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { now } from "../shared/clock.js";
import { FifteenError, type ErrorCode } from "../shared/errors.js";
import { toApp, type BuildRow, type SourceRow, type Store } from "../store/index.js";
import type { EventBus } from "./events.js";
import type { Manifest } from "./manifest/index.js";
import type { BuildOutput, SlugStore, SourceArchive } from "./ports.js";
import { insertRelease, toRelease } from "./releases.js";
import type { App, Build, Principal, Release } from "./types.js";

export interface SourceMeta {
  kind: "git" | "tarball";
  commit: string | null;
}

export interface BuildResult {
  buildpack: string;
  slugDigest: string;
  processTypes: Record<string, string>;
  /** The validated fifteen.json, stored with the release; null when the app has none. */
  manifest: Manifest | null;
}

/** What the build worker needs to run a build. */
export interface BuildJob {
  app: App;
  /** The build, as the API shows it (its source included). */
  build: Build;
  sourcePath: string;
}

function toBuild(row: BuildRow, appName: string, source: Build["source"] | undefined): Build {
  return {
    id: row.id,
    number: row.number,
    app: appName,
    status: row.status,
    source: {
      kind: source?.kind ?? "tarball",
      digest: source?.digest ?? "",
      commit: source?.commit ?? null,
      size: source?.size ?? 0,
    },
    buildpack: row.buildpack,
    slugDigest: row.slug_digest,
    errorCode: row.error_code,
    error: row.error,
    release: row.release_version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export class BuildService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly deps: {
      sources: SourceArchive;
      output: BuildOutput;
      slugs: SlugStore;
      maxSourceBytes: number;
    },
  ) {}

  /** Stores the uploaded archive, records the source and queues a build of it. */
  async submit(app: App, body: Readable, meta: SourceMeta, actor: Principal): Promise<Build> {
    if (meta.commit !== null && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(meta.commit)) {
      throw new FifteenError(
        "REQUEST_INVALID",
        `commit must be a full hex git object id, not ${JSON.stringify(meta.commit)}.`,
      );
    }
    const { row, source } = await this.deps.sources.put(body, this.deps.maxSourceBytes, ({ digest, size }) =>
      this.#record(app, meta, actor, digest, size),
    );
    const build = toBuild(row, app.name, source);
    this.events.emit("build.queued", { app, build });
    return build;
  }

  /** The source and its queued build, in one transaction (under the archive's lock for this digest). */
  async #record(
    app: App,
    meta: SourceMeta,
    actor: Principal,
    digest: string,
    size: number,
  ): Promise<{ row: BuildRow; source: SourceRow }> {
    const source: SourceRow = {
      id: randomUUID(),
      app_id: app.id,
      kind: meta.kind,
      digest,
      commit: meta.commit,
      size,
      created_by: actor.name,
      created_at: now(),
    };
    const row = await this.store.transaction(async (tx) => {
      await tx.sources.insert(source);
      const build: BuildRow = {
        id: randomUUID(),
        app_id: app.id,
        number: await tx.apps.next(app.id, "build_seq"),
        source_id: source.id,
        status: "queued",
        buildpack: null,
        slug_digest: null,
        error_code: null,
        error: null,
        release_version: null,
        created_by: actor.name,
        created_at: now(),
        started_at: null,
        finished_at: null,
      };
      await tx.builds.insert(build);
      return build;
    });
    return { row, source };
  }

  async list(app: App, limit = 50): Promise<Build[]> {
    const rows = await this.store.builds.list(app.id, limit);
    return Promise.all(
      rows.map(async (r) => toBuild(r, app.name, await this.store.sources.byId(r.source_id))),
    );
  }

  async get(app: App, id: string): Promise<Build> {
    const row = await this.row(app, id);
    return toBuild(row, app.name, await this.store.sources.byId(row.source_id));
  }

  output(build: Build, follow: boolean): AsyncIterable<string> {
    // A succeeded build keeps its output open while its release rolls out.
    const running = build.status === "queued" || build.status === "running";
    return this.deps.output.read(build.id, follow && (running || this.deps.output.isOpen(build.id)));
  }

  async cancel(app: App, id: string): Promise<Build> {
    const row = await this.row(app, id);
    const changed = await this.store.builds.transition(row.id, ["queued", "running"], {
      status: "canceled",
      error_code: "BUILD_CANCELED",
      error: "Canceled by request.",
      finished_at: now(),
    });
    if (!changed) {
      throw new FifteenError(
        "BUILD_NOT_CANCELABLE",
        `Build ${row.number} already ${row.status}; nothing to cancel.`,
      );
    }
    const build = await this.get(app, id);
    // A queued build never reaches the worker, so its source is removed here.
    if (row.status === "queued") await this.dropSource(build.source.digest);
    this.events.emit("build.canceled", { app, build });
    this.deps.output.append(build.id, "\n-----> Build canceled\n");
    this.deps.output.close(build.id);
    return build;
  }

  /** Moves a queued build to running and returns what the worker needs; undefined if it was canceled. */
  async start(buildId: string, appId: string): Promise<BuildJob | undefined> {
    const started = await this.store.builds.transition(buildId, ["queued"], {
      status: "running",
      started_at: now(),
    });
    const app = await this.store.apps.byId(appId);
    const build = app ? await this.store.builds.byId(appId, buildId) : undefined;
    const source = build ? await this.store.sources.byId(build.source_id) : undefined;
    if (!started || !app || !build || !source) return undefined;
    return {
      app: toApp(app),
      build: toBuild(build, app.name, source),
      sourcePath: this.deps.sources.path(source.digest),
    };
  }

  /** Records success and the release in one transaction; returns undefined if the build was canceled meanwhile. */
  async succeed(job: BuildJob, result: BuildResult): Promise<Release | undefined> {
    const { app, build } = job;
    const { source } = build;
    const row = await this.store
      .transaction(async (tx) => {
        const config = await tx.configVersions.latest(app.id);
        const description = source.commit
          ? `Deploy ${source.commit.slice(0, 8)}`
          : `Deploy ${source.digest.slice(0, 15)}`;
        const release = await insertRelease(tx, app, {
          slug_digest: result.slugDigest,
          source_digest: source.digest,
          commit: source.commit,
          config_version: config?.version ?? 0,
          process_types: JSON.stringify(result.processTypes),
          buildpack: result.buildpack,
          manifest: result.manifest ? JSON.stringify(result.manifest) : null,
          build_id: build.id,
          description,
          rollback_of: null,
          created_by: build.createdBy,
        });
        const changed = await tx.builds.transition(build.id, ["running"], {
          status: "succeeded",
          buildpack: result.buildpack,
          slug_digest: result.slugDigest,
          release_version: release.version,
          finished_at: now(),
        });
        // Throwing rolls the release back with the transaction: a canceled build leaves no release.
        if (!changed) throw new FifteenError("BUILD_CANCELED", "build was canceled before it finished");
        return release;
      })
      .catch((err: unknown) => {
        if (err instanceof FifteenError && err.code === "BUILD_CANCELED") return undefined;
        throw err;
      });
    await this.finished(job);
    if (!row) {
      // Canceled after the slug was stored: drop it unless an identical build's release uses it.
      if (!(await this.store.releases.usesSlug(result.slugDigest)))
        await this.deps.slugs.delete(result.slugDigest);
      return undefined;
    }
    const release = toRelease(row, app.name, row.version);
    this.events.emit("release.created", { app, release });
    return release;
  }

  async fail(job: BuildJob, code: ErrorCode, message: string, buildpack: string | null): Promise<void> {
    await this.store.builds.transition(job.build.id, ["running"], {
      status: "failed",
      buildpack,
      error_code: code,
      error: message,
      finished_at: now(),
    });
    await this.finished(job);
  }

  /** After a restart: builds that were queued or running when the platform stopped can never finish. */
  async failInterrupted(): Promise<number> {
    const rows = await this.store.builds.unfinished();
    for (const row of rows) {
      await this.store.builds.transition(row.id, ["queued", "running"], {
        status: "failed",
        error_code: "BUILD_INTERRUPTED",
        error: "The platform stopped while this build ran; deploy again.",
        finished_at: now(),
      });
      this.deps.output.append(row.id, "\n-----> Build interrupted: the platform stopped; deploy again\n");
      this.deps.output.close(row.id);
      const source = await this.store.sources.byId(row.source_id);
      if (source) await this.dropSource(source.digest);
    }
    return rows.length;
  }

  /** The worker closes the output itself, after its last line. */
  private async finished(job: BuildJob): Promise<void> {
    await this.dropSource(job.build.source.digest);
    const row = await this.store.builds.byId(job.app.id, job.build.id);
    if (row)
      this.events.emit("build.finished", {
        app: job.app,
        build: toBuild(row, job.app.name, job.build.source),
      });
  }

  /** Archives are shared by identical uploads: delete one only when no unfinished build needs it. */
  private async dropSource(digest: string): Promise<void> {
    await this.deps.sources
      .delete(digest, () => this.store.builds.sourceNeeded(digest))
      .catch(() => undefined);
  }

  private async row(app: App, id: string): Promise<BuildRow> {
    const byNumber = /^\d+$/.test(id) ? Number(id) : undefined;
    const row =
      byNumber !== undefined
        ? await this.store.builds.byNumber(app.id, byNumber)
        : /^[0-9a-f-]{36}$/.test(id)
          ? await this.store.builds.byId(app.id, id)
          : undefined;
    if (!row)
      throw new FifteenError(
        "BUILD_NOT_FOUND",
        `App "${app.name}" has no build ${id}; see \`fifteen builds\`.`,
      );
    return row;
  }
}
