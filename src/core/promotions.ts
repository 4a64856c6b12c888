// Promotion: the exact slug of an app's live release, released on every app of the pipeline's next stage.
import { FifteenError } from "../shared/errors.js";
import { toApp, type PipelineMemberRow, type ReleaseRow, type Store } from "../store/index.js";
import { can, canSeeApp } from "./access.js";
import type { EventBus } from "./events.js";
import { nextStage, type Stage } from "./pipelines.js";
import { insertRelease, toRelease } from "./releases.js";
import type { App, Principal, Release } from "./types.js";

export interface Promotion {
  pipeline: string;
  source: { app: string; stage: Stage; release: number; slugDigest: string };
  /** The stage promoted to. */
  stage: Stage;
  /** One new (pending) release per app of that stage, by app name. */
  releases: Release[];
}

/** FORBIDDEN unless the token may deploy every target: a promotion lands everywhere or nowhere. */
function assertCanDeployAll(principal: Principal, targets: PipelineMemberRow[], where: string): void {
  const hidden = targets.filter((t) => !canSeeApp(principal, { id: t.app_id }));
  if (hidden.length > 0) {
    throw new FifteenError(
      "FORBIDDEN",
      `This token cannot see ${hidden.length} app(s) in ${where}; promoting needs app:deploy on every app ` +
        `of that stage. Nothing was promoted.`,
    );
  }
  const denied = targets.filter((t) => !can(principal, "app:deploy", { id: t.app_id }));
  if (denied.length > 0) {
    throw new FifteenError(
      "FORBIDDEN",
      `This token lacks the app:deploy permission on ${denied.map((t) => t.app_name).join(", ")} ` +
        `(${where}). Nothing was promoted.`,
    );
  }
}

export class PromotionService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  /**
   * New releases on the next stage's apps, each with the source's slug, commit and process types and its own
   * latest config, written in one transaction. They roll out like deploys (release phase, boot checks).
   */
  async promote(app: App, actor: Principal): Promise<Promotion> {
    const invalid = (message: string) => new FifteenError("PROMOTE_INVALID", message);
    const membership = await this.store.pipelines.membershipOf(app.id);
    const pipeline = membership && (await this.store.pipelines.byId(membership.pipeline_id));
    if (!membership || !pipeline) {
      throw invalid(
        `App "${app.name}" is not in a pipeline; add it with ` +
          `\`fifteen pipelines:add ${app.name} -p PIPELINE --stage STAGE\`.`,
      );
    }
    const stage = membership.stage;
    const next = nextStage(stage);
    if (!next) {
      throw invalid(
        `App "${app.name}" is in the production stage of pipeline "${pipeline.name}": there is no later stage ` +
          `to promote to.`,
      );
    }
    const targets = (await this.store.pipelines.members(pipeline.id)).filter((m) => m.stage === next);
    if (targets.length === 0) {
      throw invalid(
        `Pipeline "${pipeline.name}" has no apps in its ${next} stage; add one with ` +
          `\`fifteen pipelines:add APP -p ${pipeline.name} --stage ${next}\`.`,
      );
    }
    assertCanDeployAll(actor, targets, `the ${next} stage of pipeline "${pipeline.name}"`);

    const { source, created } = await this.store.transaction(async (tx) => {
      const source = await tx.releases.current(app.id);
      if (!source) {
        throw invalid(
          `App "${app.name}" has no live release to promote (a pending or failed one is never promoted); ` +
            `deploy it first.`,
        );
      }
      const created: Array<{ target: App; row: ReleaseRow }> = [];
      for (const member of targets) {
        const found = await tx.apps.byId(member.app_id);
        if (!found) continue; // destroyed meanwhile
        const target = toApp(found);
        const config = await tx.configVersions.latest(target.id);
        const row = await insertRelease(tx, target, {
          slug_digest: source.slug_digest,
          source_digest: source.source_digest,
          commit: source.commit,
          config_version: config?.version ?? 0,
          process_types: source.process_types,
          buildpack: source.buildpack,
          // The build belongs to the source app; the origin is recorded below instead.
          build_id: null,
          description: `Promote ${app.name} v${source.version}`,
          rollback_of: null,
          promoted_from_app: app.name,
          promoted_from_release: source.version,
          created_by: actor.name,
        });
        created.push({ target, row });
      }
      return { source, created };
    });

    const releases = created.map(({ target, row }) => {
      const release = toRelease(row, target.name, row.version);
      this.events.emit("release.created", { app: target, release });
      return release;
    });
    return {
      pipeline: pipeline.name,
      source: { app: app.name, stage, release: source.version, slugDigest: source.slug_digest },
      stage: next,
      releases,
    };
  }
}
