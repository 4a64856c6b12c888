// The driver's processes grouped by app, so one app's reconcile or route reads its own processes, not the host's.
import type { ProcessStatus, RuntimeDriver } from "./driver.js";

/**
 * An app's list is read again from the driver only after the driver reported a change to one of its processes
 * (or the reconciler made one); one `driver.list()` then refreshes every app marked so, so a tick in which
 * nothing changed lists nothing. Until attached to the driver's events it lists on every read.
 */
export class ProcessIndex {
  readonly #byApp = new Map<string, ProcessStatus[]>();
  /** Apps whose list may be out of date; `undefined` means every app (nothing read yet). */
  #stale: Set<string> | undefined;
  #attached = false;
  /** Apps whose processes changed since the last `takeChanged()` (their routes need a fresh look). */
  #changed = new Set<string>();
  /** Per app, how many changes it has had: equal generations mean the same processes. */
  readonly #generations = new Map<string, number>();

  constructor(private readonly driver: Pick<RuntimeDriver, "list" | "onChange">) {}

  /** Follows the driver's changes; returns the unsubscribe. */
  attach(): () => void {
    this.#attached = true;
    const off = this.driver.onChange((status) => this.touch(status.appId));
    return () => {
      this.#attached = false;
      off();
    };
  }

  /** The app's processes changed (a driver event, or a start, stop or restart the reconciler asked for). */
  touch(appId: string): void {
    this.#generations.set(appId, this.generation(appId) + 1);
    this.#stale?.add(appId);
    this.#changed.add(appId);
  }

  /** The app's processes, one-offs included, in the driver's order. */
  of(appId: string): ProcessStatus[] {
    if (!this.#attached || this.#stale === undefined || this.#stale.has(appId)) this.#refresh();
    return this.#byApp.get(appId) ?? [];
  }

  /** Changes with every touch of the app; only meaningful while attached (else it lists on every read). */
  generation(appId: string): number {
    return this.#attached ? (this.#generations.get(appId) ?? 0) : -1;
  }

  takeChanged(): Set<string> {
    const changed = this.#changed;
    this.#changed = new Set();
    return changed;
  }

  /** One listing for every stale app (all of them the first time). */
  #refresh(): void {
    const stale = this.#attached ? this.#stale : undefined;
    if (stale === undefined) this.#byApp.clear();
    else for (const appId of stale) this.#byApp.delete(appId);
    for (const p of this.driver.list()) {
      if (stale !== undefined && !stale.has(p.appId)) continue;
      const own = this.#byApp.get(p.appId);
      if (own) own.push(p);
      else this.#byApp.set(p.appId, [p]);
    }
    this.#stale = new Set();
  }
}
