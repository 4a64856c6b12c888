// CPU time and resident memory of process trees, read from /proc (Linux): an app process is its whole tree
// (a shell and its children, or bubblewrap and the command it runs).
import { readdir, readFile } from "node:fs/promises";

export interface Usage {
  cpuSeconds: number;
  rssBytes: number;
}

interface Stat {
  ppid: number;
  ticks: number;
  rssPages: number;
}

/** Linux's USER_HZ and page size on every architecture Node supports there. */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

async function readStat(pid: number): Promise<Stat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (!text) return undefined;
  // The command name (field 2) may contain spaces and parentheses: fields resume after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return {
    ppid: Number(fields[1]),
    // utime + stime, plus cutime + cstime: the time of children that exited and were waited for, so CPU
    // does not vanish from the tree when a child ends.
    ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    rssPages: Number(fields[21]),
  };
}

/** Usage of each root pid plus all its descendants; roots that are gone are missing from the result. */
export async function treeUsage(roots: readonly number[]): Promise<Map<number, Usage>> {
  const out = new Map<number, Usage>();
  if (roots.length === 0 || process.platform !== "linux") return out;
  const pids = (await readdir("/proc").catch(() => [] as string[]))
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
  const stats = new Map<number, Stat>();
  await Promise.all(
    pids.map(async (pid) => {
      const stat = await readStat(pid);
      if (stat) stats.set(pid, stat);
    }),
  );
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) {
    const list = children.get(stat.ppid) ?? [];
    list.push(pid);
    children.set(stat.ppid, list);
  }
  for (const root of roots) {
    if (!stats.has(root)) continue;
    let ticks = 0;
    let pages = 0;
    const todo = [root];
    for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
      const stat = stats.get(pid);
      if (!stat) continue;
      ticks += stat.ticks;
      pages += stat.rssPages;
      todo.push(...(children.get(pid) ?? []));
    }
    out.set(root, { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: pages * PAGE_BYTES });
  }
  return out;
}
