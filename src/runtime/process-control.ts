// The process-control API the core calls for `ps`, `ps:restart`, `ps:stop`, `ps:exec` and `run`, on top of the
// reconciler's process operations (it alone starts and stops the formation's processes).
import type {
  App,
  ExecRequest,
  OneOffRequest,
  ProcessControl,
  ProcessInfo,
  StartedOneOff,
} from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { maskedCommand } from "../shared/masked-command.js";
import type { ProcessStatus, RuntimeDriver } from "./driver.js";
import { DEFAULT_ONE_OFF_TIMEOUT_SECONDS, describeExit, validateOneOff, type OneOffs } from "./one-offs.js";

/** What the API needs from the reconciler. */
export interface ControlPorts {
  driver: Pick<RuntimeDriver, "exec" | "list" | "stop" | "restart">;
  oneOffs: Pick<OneOffs, "start">;
  graceSeconds: number;
  closed(): boolean;
  /** The formation's processes of the live release (not a deploy's new ones still booting), not stopping. */
  current(appId: string): ProcessStatus[];
  draining(id: string): boolean;
  /** Runs `action` with the process out of the router (its requests drained first when web), then back in. */
  withdrawn(p: ProcessStatus, action: () => Promise<void>): Promise<void>;
  /** Replaces a web process surge-first (fresh one up and routed, then p drained and stopped); why not, if not. */
  surge(p: ProcessStatus): Promise<string | undefined>;
  stopProcess(p: ProcessStatus): Promise<void>;
  enqueue(appId: string, work: () => Promise<void>): void;
  reconcile(appId: string): Promise<void>;
  platformLog(appId: string, app: string, text: string, process?: string): void;
}

export class ProcessControls implements ProcessControl {
  constructor(private readonly ports: ControlPorts) {}

  run(app: App, request: OneOffRequest, actor: string): Promise<StartedOneOff> {
    this.#refuseWhenClosed();
    return this.ports.oneOffs.start(app, {
      type: "run",
      command: request.command,
      timeoutSeconds: request.timeoutSeconds,
      env: request.env,
      size: request.size,
      io: request.attached ? { kind: "attached", tty: request.tty } : { kind: "log" },
      actor,
    });
  }

  async exec(app: App, request: ExecRequest, actor: string): Promise<StartedOneOff> {
    this.#refuseWhenClosed();
    if (request.command !== undefined) validateOneOff({ command: request.command });
    const p = this.ports.current(app.id).find((c) => c.name === request.process);
    if (!p) {
      throw new FifteenError(
        "PROCESS_NOT_FOUND",
        `No process ${request.process} is running; see \`fifteen ps\`.`,
      );
    }
    // As for `run`: the log says who went in, never the command's arguments (secrets typed on them).
    const what = request.command ? maskedCommand(request.command) : "a shell";
    this.ports.platformLog(app.id, app.name, `ps:exec into ${p.name} by ${actor}: ${what}`, p.name);
    const handle = await this.ports.driver.exec(p.id, {
      command: request.command,
      tty: request.tty,
      timeoutSeconds: DEFAULT_ONE_OFF_TIMEOUT_SECONDS,
    });
    void handle.exited.then((exit) =>
      this.ports.platformLog(
        app.id,
        app.name,
        `ps:exec into ${p.name} finished: ${describeExit(exit)}`,
        p.name,
      ),
    );
    return { ...handle, name: p.name, release: p.release };
  }

  /** Fresh from the driver (memory and restart counts included), not from the reconciler's index. */
  list(appId: string): ProcessInfo[] {
    return this.ports.driver
      .list()
      .filter((p) => p.appId === appId)
      .sort((a, b) => a.type.localeCompare(b.type) || a.index - b.index || a.release - b.release)
      .map(({ id: _id, appId: _a, app: _app, web: _w, bootFailure: _b, bootOutput: _o, ...info }) => info);
  }

  async restart(appId: string, target: string | undefined): Promise<number> {
    const matched = this.#match(appId, target);
    const names = matched.map((p) => p.name);
    // One at a time. A web process is replaced surge-first, so its app never lacks a serving process (even at
    // web=1) and never has fewer than before. Other types restart in place, stop then start: nothing routes to
    // them, and two of one (a clock, a queue's only consumer) running at once could do the work twice.
    this.ports.enqueue(appId, async () => {
      for (const name of names) {
        // Picked when its turn comes: a deploy queued before may have replaced it.
        if (this.ports.closed()) return;
        const p = this.ports.current(appId).find((c) => c.name === name && !this.ports.draining(c.id));
        if (!p) continue;
        this.ports.platformLog(appId, p.app, `restarting ${p.name} (requested)`);
        if (!p.web) {
          await this.ports.withdrawn(p, () => this.ports.driver.restart(p.id, this.ports.graceSeconds));
          continue;
        }
        const failure = await this.ports.surge(p);
        if (failure) {
          this.ports.platformLog(
            appId,
            p.app,
            `restart stopped: ${failure}; ${p.name} keeps running and the other processes were left alone`,
          );
          return;
        }
      }
    });
    return matched.length;
  }

  async stop(appId: string, target: string): Promise<boolean> {
    // Fresh from the driver: a one-off that has just been spawned may not have reported a change yet.
    const oneOff = this.ports.driver
      .list()
      .find((p) => p.appId === appId && p.oneOff && p.name === target && p.state !== "stopping");
    if (oneOff) {
      this.ports.platformLog(appId, oneOff.app, `stopping ${target} (requested)`);
      await this.ports.driver.stop(oneOff.id, this.ports.graceSeconds);
      return true;
    }
    const matched = this.#match(appId, target);
    const app = matched[0]?.app ?? "";
    this.ports.platformLog(appId, app, `stopping ${target} (requested); the formation starts a fresh one`);
    await Promise.all(matched.map((p) => this.ports.stopProcess(p)));
    this.ports.enqueue(appId, () => this.ports.reconcile(appId));
    return true;
  }

  #refuseWhenClosed(): void {
    if (this.ports.closed())
      throw new FifteenError("RUN_INVALID", "The platform is shutting down; try again shortly.");
  }

  #match(appId: string, target: string | undefined): ProcessStatus[] {
    const all = this.ports.current(appId);
    const matched = target === undefined ? all : all.filter((p) => p.type === target || p.name === target);
    if (matched.length === 0) {
      throw new FifteenError(
        "PROCESS_NOT_FOUND",
        target ? `No process ${target} is running; see \`fifteen ps\`.` : "The app has no running processes.",
      );
    }
    return matched;
  }
}
