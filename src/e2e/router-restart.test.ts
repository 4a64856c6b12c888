// `fifteen up` and its data plane across failures, for each plane (HAProxy when installed, and the Node router):
// a taken port is exit 78 with nothing left running, and after a kill -9 of the platform the next start adopts
// the data plane, which never stops serving meanwhile.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { ApiClient } from "../client/index.js";
import { inheritedEnv } from "../config/index.js";
import { removeDir } from "../runtime/local/disk.js";
import { reap } from "../isolation/registry.js";
import { CLI, run, spawnPlatform } from "../testing/platform.js";
import { writeRunApp } from "../testing/run-app.js";
import { submitTarball } from "../testing/tarball.js";

/** Pids of live processes (not zombies) whose command line mentions `needle`. */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/stat`, "utf8").includes(") Z ")) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(needle)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function takenPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** What differs between the planes here: where the pid is kept, what is adopted, and what may fail meanwhile. */
const PLANES = [
  {
    plane: "haproxy",
    skip: spawnSync("haproxy", ["-v"]).error ? "haproxy is not installed (apt-get install haproxy)" : false,
    pidFile: (dataDir: string) => join(dataDir, "haproxy", "haproxy.pid"),
    readPid: (text: string) => Number(text.trim()),
    adopted: /adopted the HAProxy left running by the last run/,
    mark: (dataDir: string) => join(dataDir, "haproxy"),
    // The acceptance of the HAProxy plane: not one request fails across the kill and the takeover.
    allowed: [200],
  },
  {
    plane: "node",
    skip: false,
    pidFile: (dataDir: string) => join(dataDir, "router-pid", "router.json"),
    readPid: (text: string) => (JSON.parse(text) as { pid: number }).pid,
    adopted: /adopted the router left running by the last run/,
    mark: (dataDir: string) => join(dataDir, "router.sock"),
    // Until process recovery adopts the app's processes too, the restart may reap them: then the router
    // answers 502 (the saved table's process is gone) or 503 (starting) for a moment, never anything else.
    allowed: [200, 502, 503],
  },
] as const;

for (const p of PLANES)
  describe(`data plane across failures: ${p.plane}`, { skip: p.skip }, () => {
    let root: string;
    before(async () => {
      root = await mkdtemp(join(tmpdir(), "fifteen-router-e2e-"));
      // App uids must pass through to the data dirs inside (`up` refuses otherwise).
      await chmod(root, 0o711);
    });
    after(async () => {
      for (const name of ["adopt"]) {
        await reap(join(root, name, "pids"));
        await reap(join(root, name, "router-pid"));
      }
      // An HAProxy a failed case left (its command line names its data dir).
      for (const pid of processesMentioning(root)) process.kill(pid, "SIGKILL");
      // Unmounts the disks of processes a killed platform left, then removes everything.
      await removeDir(root);
    });

    it("exits 78 within 5 s naming the port and its setting when a listener's port is taken, leaving nothing running", async () => {
      const taken = await takenPort();
      const cases: Array<[string, Record<string, string>]> = [
        ["FIFTEEN_ROUTER_PORT", { FIFTEEN_ROUTER_PORT: String(taken.port) }],
        ["FIFTEEN_ROUTER_HTTPS_PORT", { FIFTEEN_ROUTER_HTTPS_PORT: String(taken.port) }],
        ["FIFTEEN_API_PORT", { FIFTEEN_API_PORT: String(taken.port) }],
        ["FIFTEEN_METRICS_LISTEN", { FIFTEEN_METRICS_LISTEN: `127.0.0.1:${taken.port}` }],
      ];
      try {
        for (const [i, [setting, env]] of cases.entries()) {
          // 5 s on an idle machine; a machine busy with other tests (load above its cores) gets longer.
          const bound = 5000 * Math.max(1, (loadavg()[0] ?? 0) / availableParallelism());
          {
            const dataDir = join(root, `taken-${i}`);
            const started = Date.now();
            const res = await run(process.execPath, [CLI, "up"], {
              cwd: root,
              env: {
                ...inheritedEnv(),
                FIFTEEN_DATA_DIR: dataDir,
                FIFTEEN_API_PORT: "0",
                FIFTEEN_ROUTER_PORT: "0",
                FIFTEEN_ADMIN_TOKEN: "fft_router_e2e_admin_token_0001",
                FIFTEEN_DATA_PLANE: p.plane,
                ...env,
              },
            });
            const elapsed = Date.now() - started;
            assert.equal(res.code, 78, `${setting}: ${res.stderr}`);
            assert.equal(
              res.stderr,
              `error: cannot start: port ${taken.port} is in use: set ${setting} to a free port [PORT_IN_USE]\n`,
            );
            assert.ok(
              elapsed < bound,
              `${setting}: exited after ${elapsed} ms (bound ${Math.round(bound)} ms)`,
            );
            // The router's command line names its control socket in the data dir: no primary, no worker is left.
            assert.deepEqual(processesMentioning(dataDir), [], `${setting}: processes left running`);
          }
        }
      } finally {
        taken.server.close();
      }
    });

    it("after kill -9 the next start adopts the running data plane: same pid, and it keeps answering meanwhile", async () => {
      const token = "fft_router_e2e_admin_token_0002";
      const dataDir = join(root, "adopt");
      const env = { FIFTEEN_DATA_DIR: dataDir, FIFTEEN_ADMIN_TOKEN: token, FIFTEEN_DATA_PLANE: p.plane };
      const appDir = join(root, "app");
      await writeRunApp(appDir, { procfile: "web: node server.js\n" });
      const first = await spawnPlatform(root, env);
      let api = new ApiClient(first.apiUrl, token);
      await api.createApp("shop");
      const build = await submitTarball(api, "shop", appDir);
      for await (const text of api.buildOutput("shop", build.id, true)) void text;
      for (let i = 0; i < 100; i++) {
        if ((await api.processes("shop")).some((p) => p.state === "up")) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const routerPid = async () => p.readPid(await readFile(p.pidFile(dataDir), "utf8"));
      const pid = await routerPid();

      // Requests through the router the whole time: before, during and after the restart.
      const statuses: number[] = [];
      let loading = true;
      const load = (async () => {
        while (loading) {
          const res = await request(`${first.routerUrl}/`, {
            headers: { host: "shop.localhost" },
            reset: true,
          });
          await res.body.dump();
          statuses.push(res.statusCode);
        }
      })();
      await new Promise((r) => setTimeout(r, 200));
      first.proc.kill("SIGKILL");
      await first.exited;
      await new Promise((r) => setTimeout(r, 300));
      const second = await spawnPlatform(root, env);
      api = new ApiClient(second.apiUrl, token);
      for (let i = 0; i < 100; i++) {
        if ((await api.processes("shop")).some((p) => p.state === "up")) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 300));
      loading = false;
      await load;

      assert.equal(second.routerUrl, first.routerUrl, "the same router, on the same port");
      assert.equal(await routerPid(), pid);
      assert.deepEqual(processesMentioning(p.mark(dataDir)).includes(pid), true);
      assert.match(second.stdout(), p.adopted);
      assert.ok(statuses.length > 10, `only ${statuses.length} requests`);
      assert.equal(statuses.at(-1), 200);
      // Never 404, and for the HAProxy plane never anything but 200.
      const unexpected = statuses.filter((s) => !(p.allowed as readonly number[]).includes(s));
      assert.deepEqual(unexpected, [], `statuses: ${JSON.stringify(statuses)}`);

      second.proc.kill("SIGTERM");
      assert.equal(await second.exited, 0);
      assert.deepEqual(processesMentioning(p.mark(dataDir)), [], "close() stops the data plane");
    });
  });
