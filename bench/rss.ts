// The platform's own processes and memory: `fifteen up` plus its data plane, found through its data dir (the
// HAProxy master's pid file and its workers, or the Node router whose command line names its socket there).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { run, type Platform } from "./lib.js";

interface Proc {
  pid: number;
  ppid: number;
  rssKiB: number;
  args: string;
}

async function processTable(): Promise<Proc[]> {
  const res = await run("ps", ["-e", "-o", "pid=,ppid=,rss=,args="]);
  return res.stdout
    .trim()
    .split("\n")
    .map((line) => {
      const [pid, ppid, rss, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rssKiB: Number(rss), args: args.join(" ") };
    });
}

/** The pid in HAProxy's pid file under the data dir (its master's), when the file exists. */
export async function haproxyMaster(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, "haproxy", "haproxy.pid"), "utf8").catch(() => "");
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** `roots` and every process under them. */
function withDescendants(table: Proc[], roots: number[]): Proc[] {
  const found = new Map<number, Proc>();
  const queue = [...roots];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    const proc = table.find((p) => p.pid === pid);
    if (!proc || found.has(pid)) continue;
    found.set(pid, proc);
    for (const child of table) if (child.ppid === pid) queue.push(child.pid);
  }
  return [...found.values()];
}

export interface PlatformMemory {
  /** `fifteen up` itself. */
  platformMiB: number;
  /** The data plane: HAProxy's master and workers, or the Node router's primary and workers. */
  planeMiB: number;
  /** How many data plane processes were counted. */
  planeProcesses: number;
}

/** The platform's memory now, not its apps': `fifteen up` and whichever data plane runs for its data dir. */
export async function platformMemory(p: Platform): Promise<PlatformMemory> {
  const table = await processTable();
  const master = await haproxyMaster(p.dataDir);
  const nodeRouter = table
    .filter((x) => x.args.includes("router/main.js") && x.args.includes(p.dataDir))
    .map((x) => x.pid);
  const plane = withDescendants(table, [...(master === undefined ? [] : [master]), ...nodeRouter]);
  const own = table.find((x) => x.pid === p.pid);
  return {
    platformMiB: (own?.rssKiB ?? 0) / 1024,
    planeMiB: plane.reduce((sum, x) => sum + x.rssKiB, 0) / 1024,
    planeProcesses: plane.length,
  };
}

/** The platform's total RSS in MiB (control plane + data plane). */
export async function platformRss(p: Platform): Promise<number> {
  const m = await platformMemory(p);
  return m.platformMiB + m.planeMiB;
}

/** Live processes (not zombies) whose command line mentions `needle` (a data dir: HAProxy's `-f` names it). */
export async function processesMentioning(needle: string): Promise<number[]> {
  return (await processTable())
    .filter((x) => x.args.includes(needle) && !x.args.includes("<defunct>"))
    .map((x) => x.pid);
}
