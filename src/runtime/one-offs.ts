// One-off processes: `fifteen run` (run.N), scheduled jobs (scheduler.N) and the release phase (release.N).
// Each runs once, in exactly the slug and env of a release, sandboxed like the formation's processes.
import { parseMemorySize } from "../shared/sizes.js";
import { randomUUID } from "node:crypto";
import { describeExit, type App, type Core, type Release, type StartedOneOff } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { maskedCommand } from "../shared/masked-command.js";
import { assertConfigKey, assertConfigValue } from "../shared/names.js";
import type { OneOffSpec, RuntimeDriver } from "./driver.js";

export const DEFAULT_ONE_OFF_TIMEOUT_SECONDS = 24 * 3600;
export const MAX_ONE_OFF_TIMEOUT_SECONDS = 7 * 24 * 3600;
const MAX_COMMAND_BYTES = 64 * 1024;

export interface OneOffStart {
  type: OneOffSpec["type"];
  command: string[];
  timeoutSeconds?: number | undefined;
  env?: Record<string, string> | undefined;
  /** Memory limit ("1G"); default the platform's. */
  size?: string | undefined;
  io: OneOffSpec["io"];
  actor: string;
}

export interface OneOffsOptions {
  graceSeconds: number;
  platformLog(appId: string, app: string, process: string, text: string): void;
}

/** Core says it too, for a deploy's postdeploy; the runtime's modules keep importing it from here. */
export { describeExit };

/** Refuses what cannot run: no command, an empty word, NUL bytes, a bad time limit or env name. */
export function validateOneOff(input: {
  command: string[];
  timeoutSeconds?: number | undefined;
  env?: Record<string, string> | undefined;
  size?: string | undefined;
}): void {
  const { command } = input;
  if (input.size !== undefined && parseMemorySize(input.size) === undefined) {
    throw new FifteenError(
      "RUN_INVALID",
      `--size ${input.size} is not a memory size from 32M to 1024G, such as 512M or 2G.`,
    );
  }
  if (command.length === 0 || (command.length === 1 && command[0]?.trim() === "")) {
    throw new FifteenError(
      "RUN_INVALID",
      "No command given: put it after --, e.g. `fifteen run -- node migrate.js`.",
    );
  }
  if (command.some((word) => word === "" || word.includes("\0"))) {
    throw new FifteenError("RUN_INVALID", "Command words must be non-empty text without NUL bytes.");
  }
  if (Buffer.byteLength(command.join(" ")) > MAX_COMMAND_BYTES) {
    throw new FifteenError("RUN_INVALID", "The command is longer than 64 KiB.");
  }
  const timeout = input.timeoutSeconds;
  if (
    timeout !== undefined &&
    (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_ONE_OFF_TIMEOUT_SECONDS)
  ) {
    throw new FifteenError("RUN_INVALID", `The time limit must be from 1 s to 7 days, not ${timeout} s.`);
  }
  for (const [key, value] of Object.entries(input.env ?? {})) {
    assertConfigKey(key);
    assertConfigValue(key, value);
  }
}

/** The core services one-offs use: the app's live release, env, uid and next process number. */
export interface OneOffsCore {
  readonly runtime: Pick<Core["runtime"], "of" | "nextProcessNumber" | "env" | "uid">;
}

export class OneOffs {
  constructor(
    private readonly core: OneOffsCore,
    private readonly driver: RuntimeDriver,
    private readonly options: OneOffsOptions,
  ) {}

  /** Starts a one-off in `release` (default: the live one); resolves once it runs. */
  async start(app: App, input: OneOffStart, release?: Release): Promise<StartedOneOff> {
    validateOneOff(input);
    const target = release ?? (await this.core.runtime.of(app)).release;
    if (!target) {
      throw new FifteenError(
        "NOT_DEPLOYED",
        `App "${app.name}" has no release to run in yet: deploy it first (\`git push fifteen main\` or \`fifteen deploy\`).`,
      );
    }
    const index = await this.core.runtime.nextProcessNumber(app);
    const name = `${input.type}.${index}`;
    const spec: OneOffSpec = {
      id: randomUUID(),
      appId: app.id,
      app: app.name,
      type: input.type,
      index,
      release: target.version,
      command: input.command,
      env: { ...(await this.core.runtime.env(app, target, name)), ...input.env, FIFTEEN_PROCESS: name },
      slugDigest: target.slugDigest,
      uid: await this.core.runtime.uid(app),
      memoryMb: input.size === undefined ? undefined : parseMemorySize(input.size),
      timeoutSeconds: input.timeoutSeconds ?? DEFAULT_ONE_OFF_TIMEOUT_SECONDS,
      graceSeconds: this.options.graceSeconds,
      io: input.io,
    };
    const say = (text: string) => this.options.platformLog(app.id, app.name, name, text);
    // The log stream is read by viewers: the command's arguments (secrets typed on them) never go into it.
    say(
      `starting ${name} (v${target.version}, ${input.io.kind === "attached" ? "attached" : "detached"}) by ${input.actor}: ${maskedCommand(input.command)}`,
    );
    const handle = await this.driver.run(spec).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      say(`${name} could not start: ${reason}`);
      throw new FifteenError("RUN_INVALID", `${name} could not start: ${reason}`);
    });
    void handle.exited.then((exit) => say(`${name} finished: ${describeExit(exit)}`));
    return { ...handle, name, release: target.version };
  }
}
