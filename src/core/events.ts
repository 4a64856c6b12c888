// Typed events core publishes after a change is committed; builds, runtime and webhooks subscribe.
import { EventEmitter } from "node:events";
import type { App, Build, Release } from "./types.js";

export interface CoreEvents {
  "app.created": { app: App };
  "app.destroyed": { app: App };
  /** The app has a new name (`app`); `from` is the old one, which no longer routes. */
  "app.renamed": { app: App; from: string };
  "config.changed": { app: App; version: number };
  "build.queued": { app: App; build: Build };
  "build.canceled": { app: App; build: Build };
  "build.finished": { app: App; build: Build };
  "release.created": { app: App; release: Release };
  "release.settled": { app: App; release: Release };
  "formation.changed": { app: App; changes: Record<string, number> };
  /** Memory limits (MiB) per process type, changed with ps:resize. */
  /** New memory limits (sizes) and disks (MiB) by process type. */
  "formation.resized": { app: App; sizes: Record<string, number>; disks?: Record<string, number> };
  "domains.changed": { app: App };
  /** Maintenance mode was turned on or off (the router's table changes, no process restarts). */
  "maintenance.changed": { app: App; on: boolean };
  /** A feature was turned on or off (`app` has the new set; the router's table changes, no process restarts). */
  "features.changed": { app: App; feature: string; enabled: boolean };
  /** A certificate was added, replaced or removed (also when its domain was removed). */
  "certs.changed": { app: App };
  "cron.changed": { app: App };
  "drains.changed": { app: App };
  /** An add-on change in this app, after it is committed (rotate: one per attached app). */
  "addon.changed": {
    app: App;
    action: "created" | "attached" | "detached" | "rotated" | "destroyed";
    addon: { name: string; kind: string; alias: string | null };
  };
  /** A (non one-off) process exited on its own; the runtime restarts it with backoff (`runtime/crashes.ts` reports it). */
  "process.crashed": {
    app: Pick<App, "id" | "name">;
    process: { name: string; type: string; release: number; exit: string | null; restarts: number };
  };
}

export type EventName = keyof CoreEvents;

export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.#emitter.setMaxListeners(100);
  }

  on<E extends EventName>(event: E, listener: (payload: CoreEvents[E]) => void): () => void {
    this.#emitter.on(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  emit<E extends EventName>(event: E, payload: CoreEvents[E]): void {
    this.#emitter.emit(event, payload);
  }
}
