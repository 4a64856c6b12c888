// Pipelines: apps grouped by stage (development → staging → production), so a slug can move along them.
import { randomUUID } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import { assertPipelineName } from "../shared/names.js";
import type { PipelineRow, Store } from "../store/index.js";
import { can, canSeeApp } from "./access.js";
import type { App, Principal } from "./types.js";

export const STAGES = ["development", "staging", "production"] as const;
export type Stage = (typeof STAGES)[number];

export function assertStage(stage: string): asserts stage is Stage {
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new FifteenError(
      "PIPELINE_STAGE_INVALID",
      `${JSON.stringify(stage)} is not a stage: use development, staging or production.`,
    );
  }
}

/** The stage a promotion from `stage` goes to; none after production. */
export function nextStage(stage: Stage): Stage | undefined {
  return STAGES[STAGES.indexOf(stage) + 1];
}

export interface Pipeline {
  id: string;
  name: string;
  /** Apps in it that this token can see. */
  appCount: number;
  createdBy: string;
  createdAt: string;
}

export interface PipelineApp {
  app: string;
  stage: Stage;
  /** The app's current (live) release, if it has one. */
  release: { version: number; description: string; slugDigest: string; createdAt: string } | null;
}

export interface PipelineInfo extends Omit<Pipeline, "appCount"> {
  /** By stage (development first), then by name. */
  apps: PipelineApp[];
}

export interface PipelineMembership {
  pipeline: string;
  app: string;
  stage: Stage;
}

function toPipeline(row: PipelineRow, appCount: number): Pipeline {
  return { id: row.id, name: row.name, appCount, createdBy: row.created_by, createdAt: row.created_at };
}

export class PipelineService {
  constructor(private readonly store: Store) {}

  /** Every pipeline for a platform-wide token; for a token limited to one app, that app's pipeline only. */
  async list(principal: Principal): Promise<Pipeline[]> {
    const rows = await this.#visibleRows(principal);
    return Promise.all(
      rows.map(async (row) => {
        const members = await this.store.pipelines.members(row.id);
        return toPipeline(row, members.filter((m) => canSeeApp(principal, { id: m.app_id })).length);
      }),
    );
  }

  async info(name: string, principal: Principal): Promise<PipelineInfo> {
    const row = await this.#find(name, principal);
    const members = (await this.store.pipelines.members(row.id)).filter((m) =>
      canSeeApp(principal, { id: m.app_id }),
    );
    const apps = await Promise.all(
      members.map(async (m): Promise<PipelineApp> => {
        const current = await this.store.releases.current(m.app_id);
        return {
          app: m.app_name,
          stage: m.stage,
          release: current
            ? {
                version: current.version,
                description: current.description,
                slugDigest: current.slug_digest,
                createdAt: current.created_at,
              }
            : null,
        };
      }),
    );
    apps.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || a.app.localeCompare(b.app));
    return { id: row.id, name: row.name, createdBy: row.created_by, createdAt: row.created_at, apps };
  }

  async create(name: string, actor: Principal): Promise<Pipeline> {
    assertPipelineName(name);
    const exists = () =>
      new FifteenError("PIPELINE_EXISTS", `A pipeline named "${name}" already exists; pick another name.`);
    if (await this.store.pipelines.byName(name)) throw exists();
    const row: PipelineRow = { id: randomUUID(), name, created_by: actor.name, created_at: now() };
    await this.store.pipelines.insert(row).catch(async (err: unknown) => {
      // A concurrent create of the same name loses on the unique index.
      throw (await this.store.pipelines.byName(name)) ? exists() : err;
    });
    return toPipeline(row, 0);
  }

  /**
   * Deletes the pipeline and its memberships; the apps themselves are untouched. Returns the apps it held
   * (those the caller can see). A user needs app:admin on every app in it (or, when it is empty, to have made it).
   */
  async destroy(name: string, principal: Principal): Promise<string[]> {
    const row = await this.#find(name, principal);
    const members = await this.store.pipelines.members(row.id);
    this.#mayManage(row, members, principal, "destroy it");
    await this.store.pipelines.delete(row.id);
    return members.filter((m) => canSeeApp(principal, { id: m.app_id })).map((m) => m.app_name);
  }

  /** A user manages a pipeline they made, or one whose apps they all administer; platform-wide tokens any. */
  #mayManage(
    row: PipelineRow,
    members: { app_id: string; app_name: string }[],
    principal: Principal,
    what: string,
  ): void {
    if (principal.roles === null || principal.user === null) return;
    if (row.created_by === principal.user.email) return;
    const denied = members.filter((m) => !can(principal, "app:admin", { id: m.app_id }));
    if (members.length > 0 && denied.length === 0) return;
    throw new FifteenError(
      "FORBIDDEN",
      `To ${what}, you need app:admin on every app of pipeline "${row.name}" (or to have created it).`,
    );
  }

  /** Puts the app in the pipeline at the stage, or moves it to another stage of the same pipeline. */
  async add(
    app: App,
    pipelineName: string,
    stage: string,
    principal: Principal,
  ): Promise<PipelineMembership> {
    assertStage(stage);
    const pipeline = await this.#find(pipelineName, principal);
    // Joining another's pipeline would let its promotions release their slugs into this app.
    const members = (await this.store.pipelines.members(pipeline.id)).filter((m) => m.app_id !== app.id);
    if (principal.roles !== null && principal.user !== null && pipeline.created_by !== principal.user.email) {
      if (!members.some((m) => can(principal, "app:admin", { id: m.app_id }))) {
        throw new FifteenError(
          "FORBIDDEN",
          `To add an app to pipeline "${pipeline.name}", you need app:admin on one of its apps (or to have created it).`,
        );
      }
    }
    const placed = await this.store.pipelines.setMembership({
      app_id: app.id,
      pipeline_id: pipeline.id,
      stage,
      created_at: now(),
    });
    if (!placed) {
      const other = await this.#pipelineOf(app);
      throw new FifteenError(
        "APP_IN_PIPELINE",
        `App "${app.name}" is already in pipeline "${other?.name ?? "?"}"; an app is in one pipeline at most. ` +
          `Take it out with \`fifteen pipelines:remove ${app.name}\` first.`,
      );
    }
    return { pipeline: pipeline.name, app: app.name, stage };
  }

  async remove(app: App): Promise<PipelineMembership> {
    const membership = await this.store.pipelines.membershipOf(app.id);
    const pipeline = await this.#pipelineOf(app);
    if (!membership || !pipeline || !(await this.store.pipelines.removeMembership(app.id))) {
      throw new FifteenError("APP_NOT_IN_PIPELINE", `App "${app.name}" is not in a pipeline.`);
    }
    return { pipeline: pipeline.name, app: app.name, stage: membership.stage };
  }

  async #pipelineOf(app: Pick<App, "id">): Promise<PipelineRow | undefined> {
    const membership = await this.store.pipelines.membershipOf(app.id);
    return membership ? this.store.pipelines.byId(membership.pipeline_id) : undefined;
  }

  /**
   * Every pipeline for a platform-wide machine token or platform admin; for a token limited to one app, that
   * app's pipeline; for a user, the pipelines they made or that hold an app they have a role on.
   */
  async #visibleRows(principal: Principal): Promise<PipelineRow[]> {
    if (principal.appId !== null) {
      const own = await this.#pipelineOf({ id: principal.appId });
      return own ? [own] : [];
    }
    const all = await this.store.pipelines.list();
    if (principal.roles === null) return all;
    const email = principal.user?.email;
    const visible: PipelineRow[] = [];
    for (const row of all) {
      if (row.created_by === email) visible.push(row);
      else if (
        (await this.store.pipelines.members(row.id)).some((m) => canSeeApp(principal, { id: m.app_id }))
      )
        visible.push(row);
    }
    return visible;
  }

  /** PIPELINE_NOT_FOUND also for a pipeline the token cannot see, so names cannot be probed. */
  async #find(name: string, principal: Principal): Promise<PipelineRow> {
    const row =
      principal.appId === null && principal.roles === null
        ? await this.store.pipelines.byName(name)
        : (await this.#visibleRows(principal)).find((r) => r.name === name);
    if (!row) {
      throw new FifteenError(
        "PIPELINE_NOT_FOUND",
        `No pipeline named "${name}". List them with \`fifteen pipelines\`.`,
      );
    }
    return row;
  }
}
