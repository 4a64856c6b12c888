// Real-time fixtures and helpers for the end-to-end tests: an app that says which process answered, streams
// events and holds WebSockets, deploys that wait until the release serves, and a cookie kept like a browser's.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ApiClient } from "../client/index.js";
import { writeNodeApp } from "./apps.js";
import { submitTarball } from "./tarball.js";

/**
 * `/` answers `{process, pid, release}`; `/crash` kills its process with SIGKILL; `/events` writes 10 server-sent events 100 ms apart, each carrying
 * the time it was written; `/chunks` does the same as a plain chunked response; WebSockets get a greeting
 * naming the process and release, then an echo. No dependency but `ws` when `ws` is set.
 */
export const REALTIME_SERVER = `
const http = require("http");
const who = () => ({ process: process.env.FIFTEEN_PROCESS, pid: process.pid, release: process.env.FIFTEEN_RELEASE });
const server = http.createServer((req, res) => {
  // Killed, as by the kernel's OOM killer: no goodbye to anyone.
  if (req.url === "/crash") return res.end("bye", () => process.kill(process.pid, "SIGKILL"));
  if (req.url === "/events" || req.url === "/chunks") {
    const sse = req.url === "/events";
    res.writeHead(200, { "content-type": sse ? "text/event-stream" : "text/plain", "cache-control": "no-cache" });
    let n = 0;
    const timer = setInterval(() => {
      n += 1;
      res.write(sse ? "id: " + n + "\\ndata: " + Date.now() + "\\n\\n" : n + " " + Date.now() + "\\n");
      if (n === 10) { clearInterval(timer); res.end(); }
    }, 100);
    return;
  }
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(who()));
});
let WebSocketServer;
try { ({ WebSocketServer } = require("ws")); } catch {}
if (WebSocketServer) {
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => {
    ws.send(JSON.stringify(who()));
    ws.on("message", (data) => ws.send("echo: " + data));
  });
}
server.listen(process.env.PORT);
`;

export async function writeRealtimeApp(dir: string, options: { ws?: boolean } = {}): Promise<void> {
  await writeNodeApp(dir, {
    dependencies: options.ws ? { ws: "8.18.0" } : {},
    files: { "server.js": REALTIME_SERVER },
  });
}

/** What the fixture's `/` answers. */
export interface Who {
  process: string;
  pid: number;
  release: string;
}

const NO_HAPROXY = spawnSync("haproxy", ["-v"]).error
  ? "haproxy is not installed (apt-get install haproxy)"
  : false;

/** The data planes the session affinity tests run against, as router-restart.test.ts runs both. */
export const AFFINITY_PLANES: { plane: "node" | "haproxy"; skip: string | false }[] = [
  { plane: "node", skip: false },
  { plane: "haproxy", skip: NO_HAPROXY },
];

/** The data planes the streaming tests (server-sent events, chunked responses) run against. */
export const STREAMING_PLANES = AFFINITY_PLANES;

/** Builds `dir` as a new deploy of `app` and waits until `web` processes of the new release serve. */
export async function deployAndWait(api: ApiClient, app: string, dir: string, web = 1): Promise<number> {
  const build = await submitTarball(api, app, dir);
  let output = "";
  for await (const text of api.buildOutput(app, build.id, true)) output += text;
  const done = await api.build(app, build.id);
  assert.equal(done.status, "succeeded", output);
  const release = done.release;
  assert.ok(release !== null, output);
  await waitFor(`${web} web processes of v${release} up`, async () => {
    const up = (await api.processes(app)).filter(
      (p) => p.type === "web" && p.release === release && p.state === "up",
    );
    return up.length === web;
  });
  return release;
}

/** Polls `check` every 100 ms until it holds, failing after `ms`. */
export async function waitFor(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One cookie as a browser keeps it: replaced by each Set-Cookie of that name. */
export class CookieJar {
  value: string | undefined;

  constructor(readonly name: string) {}

  /** The Cookie header to send, if the jar holds one. */
  header(): Record<string, string> {
    return this.value === undefined ? {} : { cookie: `${this.name}=${this.value}` };
  }

  /** Takes the cookie from a response's Set-Cookie headers; returns the header that set it, if one did. */
  take(setCookie: string | string[] | undefined): string | undefined {
    for (const line of setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair === undefined || eq < 0 || pair.slice(0, eq) !== this.name) continue;
      this.value = pair.slice(eq + 1);
      return line;
    }
    return undefined;
  }
}

/** A Procfile-less change to the fixture so that the next deploy builds a new slug. */
export async function touch(dir: string, text: string): Promise<void> {
  await writeFile(join(dir, "version.txt"), `${text}\n`);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Makes this process resolve NAME.localhost to 127.0.0.1, as browsers and systems following RFC 6761 do, for
 * clients (Socket.io's) that cannot be handed a Host header. Returns the function that undoes it.
 */
export function resolveLocalhostNames(): () => void {
  const original = dns.lookup;
  const lookup = (host: string, options: LookupOptions | LookupCallback, callback?: LookupCallback) => {
    const cb = (typeof options === "function" ? options : callback) as LookupCallback;
    const opts = typeof options === "function" ? {} : options;
    if (!host.endsWith(".localhost")) return void original(host, opts, cb as never);
    if (opts.all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
    else cb(null, "127.0.0.1", 4);
  };
  dns.lookup = lookup as typeof dns.lookup;
  return () => {
    dns.lookup = original;
  };
}
