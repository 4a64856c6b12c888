// A formation process that exited on its own becomes core's `process.crashed` event (for metrics and webhooks).
import type { EventBus } from "../core/index.js";
import type { RuntimeDriver } from "./driver.js";

/** Emits `process.crashed` for each crash the driver reports (one-offs excepted); returns the unsubscribe function. */
export function reportCrashes(
  driver: Pick<RuntimeDriver, "onChange">,
  events: Pick<EventBus, "emit">,
): () => void {
  return driver.onChange((status) => {
    if (status.state !== "crashed" || status.oneOff) return;
    const { name, type, release, lastExit: exit, restarts } = status;
    events.emit("process.crashed", {
      app: { id: status.appId, name: status.app },
      process: { name, type, release, exit, restarts },
    });
  });
}
