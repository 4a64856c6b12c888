// `ps:exec`: a command inside a running process's environment. Under bubblewrap it enters the process's mount,
// pid and IPC namespaces with nsenter (so it sees the same files, /tmp and processes), as the process's uid with
// no new privileges, with the environment the process has (/proc/PID/environ), in its cgroup (its limits).
import { access, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { FifteenError } from "../../shared/errors.js";
import type { ExecSpec, OneOffExit, OneOffHandle } from "../driver.js";
import { groupAlive, groupMembers, killGroup, procStat, signalMembers } from "../../isolation/groups.js";
import { spawnOnPty, spawnWithPipes, type Spawned } from "./one-off.js";
import { commandArgv } from "../../isolation/sandbox.js";

export interface ExecTarget {
  /** The id of the process (for the handle). */
  id: string;
  name: string;
  /** The pid the driver started: bwrap's under bubblewrap, else the command's. */
  pid: number;
  sandboxed: boolean;
  graceSeconds: number;
}

/** Children of `pid`, from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return text.split(/\s+/).filter(Boolean).map(Number);
}

/**
 * The app's own process: under bubblewrap, bwrap (the pid we started) runs its namespace's init, which runs
 * the command; without it, the pid itself.
 */
async function appProcess(target: ExecTarget): Promise<number | undefined> {
  if (!target.sandboxed) return procStat(target.pid) ? target.pid : undefined;
  const [init] = await childrenOf(target.pid);
  if (init === undefined) return undefined;
  const [command] = await childrenOf(init);
  return command;
}

function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

async function idsOf(pid: number): Promise<{ uid: number; gid: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  const gid = Number(/^Gid:\s+(\d+)/m.exec(status)?.[1]);
  return { uid, gid };
}

/** Puts `pid`'s group into the cgroups of `target` that the platform made (v1 memory and pids, or v2). */
async function joinCgroups(target: number, pid: number): Promise<void> {
  const text = await readFile(`/proc/${target}/cgroup`, "utf8").catch(() => "");
  for (const line of text.trim().split("\n")) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (controllers === undefined || path === undefined || !path.includes("/fifteen/")) continue;
    const dirs =
      controllers === ""
        ? [join("/sys/fs/cgroup", path)]
        : controllers
            .split(",")
            .filter((c) => c === "memory" || c === "pids")
            .map((c) => join("/sys/fs/cgroup", c, path));
    for (const dir of dirs)
      for (const member of groupMembers(pid))
        await writeFile(join(dir, "cgroup.procs"), String(member)).catch(() => undefined);
  }
}

/** Starts `spec` inside the process; rejects with PROCESS_NOT_RUNNING when it has no live command. */
export async function execIn(target: ExecTarget, spec: ExecSpec): Promise<OneOffHandle> {
  const app = await appProcess(target);
  const notRunning = () =>
    new FifteenError(
      "PROCESS_NOT_RUNNING",
      `${target.name} is not running (it may be starting or restarting); see \`fifteen ps\`.`,
    );
  if (app === undefined) throw notRunning();
  let env: Record<string, string>;
  let ids: { uid: number; gid: number };
  let cwd: string;
  try {
    env = parseEnviron(await readFile(`/proc/${app}/environ`, "utf8"));
    ids = await idsOf(app);
    cwd = await readlink(`/proc/${app}/cwd`);
  } catch {
    throw notRunning();
  }
  if (spec.tty) env.TERM = spec.tty.term ?? env.TERM ?? "xterm-256color";
  const hasBash = await access(`/proc/${app}/root/bin/bash`).then(
    () => true,
    () => false,
  );
  const command = commandArgv(spec.command ?? [hasBash ? "/bin/bash" : "/bin/sh"]);
  const root = process.getuid?.() === 0;
  let file: string;
  let args: string[];
  let spawnIds: { uid?: number; gid?: number } = {};
  if (target.sandboxed) {
    // No new privileges, as bubblewrap gives the process itself (setuid programs stay powerless).
    const who = root ? ["-S", String(ids.uid), "-G", String(ids.gid)] : ["-U", "--preserve-credentials"];
    file = "setpriv";
    args = [
      "--no-new-privs",
      "--",
      "nsenter",
      "-t",
      String(app),
      "-m",
      "-p",
      "-i",
      "-r",
      "-w",
      ...who,
      "--",
      ...command,
    ];
    cwd = "/";
  } else {
    file = "setpriv";
    args = ["--no-new-privs", "--", ...command];
    if (root && ids.uid !== 0) spawnIds = ids;
  }
  const launch = { file, args, cwd, env, ids: spawnIds };
  const child: Spawned = spec.tty ? await spawnOnPty(launch, spec.tty) : await spawnWithPipes(launch, true);
  const pid = child.pid;
  const join = () => void joinCgroups(app, pid);
  join();
  const again = [setTimeout(join, 100), setTimeout(join, 1000)];
  for (const timer of again) timer.unref();
  child.stdin?.on("error", () => undefined);
  // nsenter waits for the command it forked: the command gets signals, not nsenter.
  const signal = (name: NodeJS.Signals) =>
    target.sandboxed ? signalMembers(pid, name) : killGroup(pid, name);
  let endedBy: OneOffExit["endedBy"] = null;
  const end = (why: NonNullable<OneOffExit["endedBy"]>, name: NodeJS.Signals) => {
    if (endedBy !== null) return;
    endedBy = why;
    signal(name);
    const kill = setTimeout(() => {
      if (groupAlive(pid)) killGroup(pid, "SIGKILL");
    }, target.graceSeconds * 1000);
    kill.unref();
  };
  const timer = setTimeout(() => end("timeout", "SIGTERM"), spec.timeoutSeconds * 1000);
  timer.unref();
  const exited = child.exited.then(async ({ code, signal }) => {
    clearTimeout(timer);
    for (const t of again) clearTimeout(t);
    killGroup(pid, "SIGKILL");
    await child.drained;
    return { code, signal, endedBy } satisfies OneOffExit;
  });
  return {
    id: target.id,
    stdin: child.stdin,
    stdout: child.stdout as Readable,
    stderr: child.stderr,
    signal,
    hangup: () => end("hangup", "SIGHUP"),
    resize: (cols, rows) => child.resize(cols, rows),
    exited,
  };
}
