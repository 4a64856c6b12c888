// The webhook payload: which core events become webhook events, and the stable JSON each one carries.
// docs/webhooks.md documents every field here; change both together, and only by adding fields.
import type { Build, CoreEvents, EventBus, Release, WebhookEvent } from "../core/index.js";

export interface BuildData {
  id: string;
  number: number;
  status: "succeeded" | "failed" | "canceled";
  source: { kind: "git" | "tarball"; digest: string; commit: string | null };
  buildpack: string | null;
  slugDigest: string | null;
  errorCode: string | null;
  error: string | null;
  /** The release version the build made, if it succeeded. */
  release: number | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ReleaseData {
  id: string;
  version: number;
  status: "succeeded" | "failed";
  description: string;
  slugDigest: string;
  commit: string | null;
  configVersion: number;
  buildId: string | null;
  rollbackOf: number | null;
  failure: string | null;
  createdBy: string;
  createdAt: string;
}

export interface FormationData {
  /** Process type → new quantity, for the types that were scaled. */
  changes: Record<string, number>;
}

export interface CrashData {
  process: string;
  type: string;
  release: number;
  exit: string | null;
  restarts: number;
}

export interface AddonData {
  name: string;
  kind: string;
  alias: string | null;
}

/** An event for the app's webhooks, before it gets its id and time. */
export type WebhookMessage = { app: { id: string; name: string } } & (
  | { event: "build"; action: BuildData["status"]; data: BuildData }
  | { event: "release"; action: ReleaseData["status"]; data: ReleaseData }
  | { event: "formation"; action: "updated"; data: FormationData }
  | { event: "crash"; action: "crashed"; data: CrashData }
  | { event: "addon"; action: CoreEvents["addon.changed"]["action"]; data: AddonData }
);

/** The JSON body of every delivery. */
export type WebhookPayload = WebhookMessage & {
  /** evt_…: one id per event; every webhook (and every retry) gets the same. */
  id: string;
  createdAt: string;
};

export type { WebhookEvent };

function buildData(build: Build, status: BuildData["status"]): BuildData {
  return {
    id: build.id,
    number: build.number,
    status,
    source: { kind: build.source.kind, digest: build.source.digest, commit: build.source.commit },
    buildpack: build.buildpack,
    slugDigest: build.slugDigest,
    errorCode: build.errorCode,
    error: build.error,
    release: build.release,
    createdBy: build.createdBy,
    createdAt: build.createdAt,
    startedAt: build.startedAt,
    finishedAt: build.finishedAt,
  };
}

function releaseData(release: Release, status: ReleaseData["status"]): ReleaseData {
  return {
    id: release.id,
    version: release.version,
    status,
    description: release.description,
    slugDigest: release.slugDigest,
    commit: release.commit,
    configVersion: release.configVersion,
    buildId: release.buildId,
    rollbackOf: release.rollbackOf,
    failure: release.failure,
    createdBy: release.createdBy,
    createdAt: release.createdAt,
  };
}

const appOf = (app: { id: string; name: string }) => ({ id: app.id, name: app.name });

/** Calls `publish` once per webhook event the core events make; returns the unsubscriber. */
export function watchEvents(events: EventBus, publish: (message: WebhookMessage) => void): () => void {
  const offs = [
    // A running build that is canceled also finishes (as canceled): build.canceled already said so.
    events.on("build.finished", ({ app, build }) => {
      if (build.status !== "succeeded" && build.status !== "failed") return;
      publish({
        event: "build",
        action: build.status,
        app: appOf(app),
        data: buildData(build, build.status),
      });
    }),
    events.on("build.canceled", ({ app, build }) =>
      publish({ event: "build", action: "canceled", app: appOf(app), data: buildData(build, "canceled") }),
    ),
    events.on("release.settled", ({ app, release }) => {
      if (release.status === "pending") return;
      const data = releaseData(release, release.status);
      publish({ event: "release", action: release.status, app: appOf(app), data });
    }),
    events.on("formation.changed", ({ app, changes }) =>
      publish({ event: "formation", action: "updated", app: appOf(app), data: { changes: { ...changes } } }),
    ),
    events.on("process.crashed", ({ app, process: p }) => {
      const data = { process: p.name, type: p.type, release: p.release, exit: p.exit, restarts: p.restarts };
      publish({ event: "crash", action: "crashed", app: appOf(app), data });
    }),
    events.on("addon.changed", ({ app, action, addon }) =>
      publish({
        event: "addon",
        action,
        app: appOf(app),
        data: { name: addon.name, kind: addon.kind, alias: addon.alias },
      }),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}
