// Scenario 12, idle WebSockets: 10,000 opened through nginx and through each of Fifteen's data planes to the
// same kind of app (a `ws` server that greets each socket, then waits), then held idle. Reported per target:
// the handshake rate while opening them (200 at a time), and the memory each open socket costs the proxy (its
// RSS with the sockets open, less its RSS before, over the count). On the HAProxy plane the proxy is HAProxy and
// the platform's WebSocket relay in `fifteen up`.
import { spawn, spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import WebSocket from "ws";
import { createAndDeploy } from "./apps.js";
import {
  baseEnv,
  freePort,
  ROOT,
  run,
  sleep,
  startNginx,
  startPlatform,
  writeApp,
  waitForPort,
  type Platform,
  type Tools,
} from "./lib.js";
import { add, f, notes, skippedWithoutHaproxy } from "./report.js";
import { haproxyMaster } from "./rss.js";

const SCENARIO = "12. idle WebSockets";
const SOCKETS = 10_000;
const IN_FLIGHT = 200;
/** File descriptors the proxies need: two a socket, with room to spare. */
const NOFILE = 65_536;

/** The app: a `ws` server on $PORT that greets each socket with its process name. */
const WS_APP = `const { WebSocketServer } = require("ws");
const wss = new WebSocketServer({ port: Number(process.env.PORT) });
wss.on("connection", (ws) => ws.send(process.env.FIFTEEN_PROCESS || "direct"));
`;

/**
 * How many sockets fit: 10,000, or fewer where the open-file limit (which children inherit) is lower than two
 * descriptors a socket in the proxy. It is raised first where that is allowed (root with CAP_SYS_RESOURCE).
 */
function socketsThatFit(): { sockets: number; limit: number } {
  spawnSync("prlimit", ["--pid", String(process.pid), `--nofile=${NOFILE}:${NOFILE}`]);
  const shown = spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim();
  const limit = shown === "unlimited" ? NOFILE : Number(shown);
  return { sockets: Math.min(SOCKETS, Math.floor((limit - 300) / 2 / 100) * 100), limit };
}

/** RSS in KiB of `pids` and their descendants, plus `alone` (without theirs). */
async function rssKiB(pids: number[], alone: number[] = []): Promise<number> {
  const res = await run("ps", ["-e", "-o", "pid=,ppid=,rss="]);
  const table = res.stdout
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const found = new Set<number>();
  const queue = [...pids];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (found.has(pid)) continue;
    found.add(pid);
    for (const [child, parent] of table) if (parent === pid) queue.push(child);
  }
  for (const pid of alone) found.add(pid);
  return table.filter(([pid]) => found.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0);
}

/** One WebSocket, open once the app's greeting arrived. */
function open(url: string, host: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: host ? { host } : {}, perMessageDeflate: false });
    ws.once("message", () => resolve(ws));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode ?? "?"}`)));
  });
}

interface Target {
  name: string;
  url: string;
  host?: string;
  /** The proxy's processes (with their descendants), whose memory the sockets cost. */
  pids(): Promise<number[]>;
  /** Processes whose own memory the sockets cost too, without their descendants (the apps). */
  alone?: number[];
}

/** Opens `count` sockets through the target, IN_FLIGHT at a time; reports the handshake rate and memory per socket. */
async function measure(target: Target, count: number): Promise<void> {
  // Warm the proxy (first connections, pools) before its idle memory is read.
  for (const ws of await Promise.all(Array.from({ length: 20 }, () => open(target.url, target.host))))
    ws.terminate();
  await sleep(500);
  const before = await rssKiB(await target.pids(), target.alone);
  const sockets: WebSocket[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        next += 1;
        try {
          sockets.push(await open(target.url, target.host));
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Held idle a moment: memory the proxy frees once a socket settles is not counted against it.
  await sleep(2000);
  const during = await rssKiB(await target.pids(), target.alone);
  const stillOpen = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  for (const ws of sockets) ws.terminate();
  add({
    scenario: SCENARIO,
    measure: `${target.name}: handshakes/s, KiB per open socket`,
    value: `${f(sockets.length / seconds, 0)}/s, ${f((during - before) / Math.max(1, stillOpen), 1)} KiB (${stillOpen} of ${count} open${failed ? `, ${failed} failed` : ""})`,
  });
  await sleep(1000);
}

/** The app on disk, for a platform to build: the `ws` server and its one dependency. */
async function writeWsApp(dir: string): Promise<void> {
  await writeApp(dir, {
    procfile: "web: node app.js\n",
    files: { "app.js": WS_APP },
    dependencies: { ws: "8.18.0" },
  });
}

async function onPlatform(
  work: string,
  plane: "haproxy" | "node",
  name: string,
  count: number,
): Promise<void> {
  const p: Platform = await startPlatform({ FIFTEEN_DATA_PLANE: plane });
  try {
    const dir = join(work, `ws-${plane}`);
    await writeWsApp(dir);
    await createAndDeploy(p, "live", dir);
    const url = `${p.routerUrl.replace(/^http/, "ws")}/`;
    for (let i = 0; ; i++) {
      const ws = await open(url, "live.localhost").catch(() => undefined);
      if (ws) {
        ws.terminate();
        break;
      }
      if (i > 100) throw new Error(`the ws app never answered through the ${plane} plane`);
      await sleep(200);
    }
    const routerPids = async () => {
      if (plane === "haproxy") {
        const master = await haproxyMaster(p.dataDir);
        return master === undefined ? [] : [master];
      }
      const res = await run("pgrep", ["-f", `router/main.js.*${p.dataDir}`]);
      return res.stdout.trim().split("\n").filter(Boolean).map(Number);
    };
    // On HAProxy, WebSockets pass the platform's relay (docs/router.md): `fifteen up` counts too.
    const alone = plane === "haproxy" ? [p.pid] : [];
    await measure({ name, url, host: "live.localhost", pids: routerPids, alone }, count);
  } finally {
    await p.stop();
  }
}

export async function websocketScenario(work: string, tools: Tools): Promise<void> {
  const { sockets, limit } = socketsThatFit();
  if (sockets < SOCKETS)
    notes.push(
      `Scenario 12 opened ${sockets.toLocaleString("en")} WebSockets, not ${SOCKETS.toLocaleString("en")}: the open-file limit here is ${limit} a process and cannot be raised (no CAP_SYS_RESOURCE), and a proxy holds two descriptors a socket.`,
    );
  await mkdir(work, { recursive: true });
  // (b) nginx in front of the same app, run directly.
  await writeFile(
    join(work, "app.js"),
    WS_APP.replace('"ws"', JSON.stringify(join(ROOT, "node_modules", "ws"))),
  );
  const port = await freePort();
  const app = spawn(process.execPath, [join(work, "app.js")], {
    env: { ...baseEnv(), PORT: String(port) },
    stdio: "ignore",
  });
  await waitForPort(port);
  const nginx = await startNginx(join(work, "nginx"), port, { websockets: true });
  try {
    await measure(
      {
        name: "(b) nginx, 1 worker",
        url: `ws://127.0.0.1:${nginx.port}/`,
        pids: async () => nginx.pids(),
      },
      sockets,
    );
  } finally {
    await nginx.stop();
    app.kill();
  }
  if (!skippedWithoutHaproxy(SCENARIO, tools))
    await onPlatform(work, "haproxy", "(c) Fifteen on the HAProxy data plane", sockets);
  await onPlatform(work, "node", "(d) Fifteen on the Node router", sockets);
}
