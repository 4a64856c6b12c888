// Memory and process-count limits for local processes and build steps: a cgroup per process (v1 or v2) when the
// platform can create them, otherwise a watchdog over the process tree's RSS plus RLIMIT_NPROC through prlimit.
import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rmdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { treeUsage } from "../telemetry/proc.js";
import { groupMembers, killGroup } from "./groups.js";

export interface ProcessLimits {
  memoryMb: number;
  /** Most processes (and threads) the process may have at once. */
  processes: number;
  /** The size of its disk (home and tmp), when the platform mounts one per process. */
  diskMb?: number;
}

export interface Enforcement {
  /** Whether the memory limit ended the process (asked once it has exited). */
  exceeded(): Promise<boolean>;
  /** Kills what is left under the limit and removes the cgroup. */
  release(): Promise<void>;
}

export interface Limiter {
  readonly kind: "cgroup v1" | "cgroup v2" | "watchdog" | "none";
  /** What `fifteen doctor` says about it. */
  readonly detail: string;
  /** The argv to spawn instead of file+args (the watchdog adds prlimit for the process count). */
  wrap(file: string, args: string[], limits: ProcessLimits): [string, string[]];
  /** Puts the process group `pid` leads, just spawned, under its limits. */
  enforce(id: string, pid: number, limits: ProcessLimits): Promise<Enforcement>;
  /** Removes empty cgroups an earlier run left (one killed before it could); ones in use stay (EBUSY). */
  sweep?(): Promise<void>;
  /** Ends whatever is still in the cgroup `enforce(id)` made (after a platform crash) and removes it. */
  end?(id: string): Promise<void>;
}

const MIB = 1024 * 1024;

/** No limits at all (`fifteen dev`, and tests of the driver itself). */
export const noLimits: Limiter = {
  kind: "none",
  detail: "no limits",
  wrap: (file, args) => [file, args],
  enforce: async () => ({ exceeded: async () => false, release: async () => undefined }),
};

interface CgroupLayout {
  version: 1 | 2;
  /** Directories under which each process gets its own cgroup: v1 one per controller, v2 one. */
  parents: { memory: string; pids: string };
}

/** The platform's own cgroup per controller, from /proc/self/cgroup. */
function ownCgroups(): Map<string, string> {
  const out = new Map<string, string>();
  const text = readFileSync("/proc/self/cgroup", "utf8");
  for (const line of text.trim().split("\n")) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (controllers === undefined || path === undefined) continue;
    for (const c of controllers === "" ? ["unified"] : controllers.split(",")) out.set(c, path);
  }
  return out;
}

async function layout(): Promise<CgroupLayout | undefined> {
  const own = ownCgroups();
  const memory = own.get("memory");
  const pids = own.get("pids");
  if (memory !== undefined && pids !== undefined) {
    return {
      version: 1,
      parents: {
        memory: join("/sys/fs/cgroup/memory", memory, "fifteen"),
        pids: join("/sys/fs/cgroup/pids", pids, "fifteen"),
      },
    };
  }
  const unified = own.get("unified");
  if (unified === undefined) return undefined;
  const root = join("/sys/fs/cgroup", unified);
  const controllers = await readFile(join(root, "cgroup.controllers"), "utf8").catch(() => "");
  if (!/\bmemory\b/.test(controllers) || !/\bpids\b/.test(controllers)) return undefined;
  // No processes in a cgroup that hands controllers down: the platform moves into a leaf of its own first.
  const leaf = join(root, "fifteen-platform");
  await mkdir(leaf, { recursive: true });
  for (const pid of (await readFile(join(root, "cgroup.procs"), "utf8")).split("\n").filter(Boolean))
    await writeFile(join(leaf, "cgroup.procs"), pid).catch(() => undefined);
  await writeFile(join(root, "cgroup.subtree_control"), "+memory +pids");
  const parent = join(root, "fifteen");
  await mkdir(parent, { recursive: true });
  await writeFile(join(parent, "cgroup.subtree_control"), "+memory +pids");
  return { version: 2, parents: { memory: parent, pids: parent } };
}

function cgroups(found: CgroupLayout): Limiter {
  const { version, parents } = found;
  const dirs = (id: string) =>
    version === 2 ? [join(parents.memory, id)] : [join(parents.memory, id), join(parents.pids, id)];
  /** SIGKILL to everything in the cgroup until it is empty, then the cgroup goes. */
  const end = async (id: string) => {
    for (const dir of dirs(id)) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const procs = await readFile(join(dir, "cgroup.procs"), "utf8").catch(() => "");
        for (const member of procs.split("\n").filter(Boolean)) {
          try {
            process.kill(Number(member), "SIGKILL");
          } catch {
            // gone
          }
        }
        const removed = await rmdir(dir).then(
          () => true,
          (err: NodeJS.ErrnoException) => err.code === "ENOENT",
        );
        if (removed) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  return {
    kind: version === 1 ? "cgroup v1" : "cgroup v2",
    end,
    detail:
      version === 1
        ? `cgroup v1: each process in its own memory and pids cgroup under ${parents.memory} and ${parents.pids}`
        : `cgroup v2: each process in its own cgroup under ${parents.memory}`,
    wrap: (file, args) => [file, args],
    async sweep() {
      for (const parent of new Set([parents.memory, parents.pids])) {
        for (const entry of await readdir(parent, { withFileTypes: true }).catch(() => [])) {
          if (!entry.isDirectory()) continue;
          // Not one another platform sharing this parent has just made and not filled yet.
          const made = await stat(join(parent, entry.name)).then(
            (s) => s.mtimeMs,
            () => Date.now(),
          );
          if (Date.now() - made > 60_000) await rmdir(join(parent, entry.name)).catch(() => undefined);
        }
      }
    },
    async enforce(id, pid, limits) {
      const [memoryDir, pidsDir = memoryDir] = dirs(id) as [string, string?];
      for (const dir of dirs(id)) await mkdir(dir, { recursive: true });
      const bytes = String(limits.memoryMb * MIB);
      if (version === 1) {
        await writeFile(join(memoryDir, "memory.limit_in_bytes"), bytes);
        // Without swap accounting the file is missing; with it, swap must not extend the limit.
        await writeFile(join(memoryDir, "memory.memsw.limit_in_bytes"), bytes).catch(() => undefined);
      } else {
        await writeFile(join(memoryDir, "memory.max"), bytes);
        await writeFile(join(memoryDir, "memory.swap.max"), "0").catch(() => undefined);
      }
      await writeFile(join(pidsDir, "pids.max"), String(limits.processes));
      const move = async () => {
        for (const member of groupMembers(pid))
          for (const dir of dirs(id))
            await writeFile(join(dir, "cgroup.procs"), String(member)).catch(() => undefined);
      };
      await move();
      // Whatever the leader forked before it was moved follows it (sandbox setup takes a few ms).
      const again = [setTimeout(() => void move(), 100), setTimeout(() => void move(), 1000)];
      for (const timer of again) timer.unref();
      return {
        async exceeded() {
          const file = version === 1 ? "memory.oom_control" : "memory.events";
          const text = await readFile(join(memoryDir, file), "utf8").catch(() => "");
          return Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0) > 0;
        },
        async release() {
          for (const timer of again) clearTimeout(timer);
          await end(id);
        },
      };
    },
  };
}

/** Samples the tree's RSS twice a second and kills the group past its limit; prlimit caps the process count. */
function watchdog(reason: string, perUidProcessLimit: boolean): Limiter {
  return {
    kind: "watchdog",
    detail: `watchdog: the platform samples each process tree's memory twice a second and stops it past its limit${perUidProcessLimit ? "; the process count is RLIMIT_NPROC (per app uid)" : "; no process-count limit without per-app uids"} (no cgroups: ${reason})`,
    wrap: (file, args, limits) =>
      perUidProcessLimit ? ["prlimit", [`--nproc=${limits.processes}`, "--", file, ...args]] : [file, args],
    async enforce(_id, pid, limits) {
      let over = false;
      const timer = setInterval(() => {
        void treeUsage([pid]).then((usage) => {
          const rss = usage.get(pid)?.rssBytes ?? 0;
          if (rss > limits.memoryMb * MIB && !over) {
            over = true;
            killGroup(pid, "SIGKILL");
          }
        });
      }, 500);
      timer.unref();
      return {
        exceeded: async () => over,
        release: async () => clearInterval(timer),
      };
    },
  };
}

/** cgroups when the platform can make them (as root), else the watchdog; probed once at start. */
export async function detectLimiter(options: { perUidProcessLimit: boolean }): Promise<Limiter> {
  if (process.platform !== "linux") return watchdog("not Linux", false);
  if (process.getuid?.() !== 0) return watchdog("the platform does not run as root", false);
  try {
    const found = await layout();
    if (!found) return watchdog("no memory and pids controllers", options.perUidProcessLimit);
    // A cgroup with limits, made and removed again: the same writes every process needs.
    const dirs = [...new Set([found.parents.memory, found.parents.pids])].map((d) =>
      join(d, `probe-${process.pid}`),
    );
    for (const dir of dirs) await mkdir(dir, { recursive: true });
    await writeFile(
      join(dirs[0] as string, found.version === 1 ? "memory.limit_in_bytes" : "memory.max"),
      String(64 * MIB),
    );
    await writeFile(join(dirs.at(-1) as string, "pids.max"), "64");
    for (const dir of dirs) await rmdir(dir);
    return cgroups(found);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return watchdog(`cannot create cgroups: ${reason}`, options.perUidProcessLimit);
  }
}
