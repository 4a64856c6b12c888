// The platform on its host, as an operator meets it: a data dir app uids cannot reach, start-up warnings, two
// platforms on one host (disjoint uids), a disk limit per process, and the CLI piped into a reader that quits.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ProcessInfo } from "../client/index.js";
import { inheritedEnv } from "../config/index.js";
import {
  CLI,
  fifteen,
  run,
  spawnPlatform,
  startTestPlatform,
  userEnv,
  TEST_HOST_STATE_DIR,
  type TestPlatform,
} from "../testing/platform.js";

const root = process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Procfile-only app (no build step): a web process that answers with its name. */
async function deployEcho(t: TestPlatform, app: string): Promise<void> {
  const dir = join(t.home, app);
  await mkdir(dir, { recursive: true });
  const server = `require("http").createServer((q, s) => s.end(${JSON.stringify(app)})).listen(process.env.PORT)`;
  await writeFile(join(dir, "Procfile"), `web: exec node -e '${server}'\n`);
  assert.equal((await fifteen(t, ["apps:create", app])).code, 0);
  const res = await fifteen(t, ["deploy", "-a", app], { cwd: dir });
  assert.equal(res.code, 0, res.stderr + res.stdout);
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe("fifteen up on its host", () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), "fifteen-host-"));
    await chmod(scratch, 0o711);
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it(
    "refuses a data dir below a directory app uids cannot pass, naming it and the fix, with exit 78",
    { skip: root ? false : "per-app uids need root" },
    async () => {
      // As a checkout under /root: the directory is 0700 (mkdtemp's mode).
      const home = await mkdtemp(join(scratch, "home-"));
      const res = await run(process.execPath, [CLI, "up"], {
        cwd: home,
        env: {
          ...inheritedEnv(),
          FIFTEEN_API_PORT: "0",
          FIFTEEN_ROUTER_PORT: "0",
          FIFTEEN_HOST_STATE_DIR: TEST_HOST_STATE_DIR,
        },
      });
      assert.equal(res.code, 78, res.stderr);
      const lines = res.stderr.trim().split("\n");
      assert.equal(lines.length, 1, res.stderr);
      assert.match(lines[0] ?? "", /^error: cannot start: the data dir .*\.fifteen is inside /);
      assert.ok(lines[0]?.includes(`chmod o+x ${home}`), res.stderr);
      assert.match(lines[0] ?? "", /FIFTEEN_DATA_DIR=\/var\/lib\/fifteen\//);
      assert.match(lines[0] ?? "", /\[DATA_DIR_UNREACHABLE\]$/);
      assert.doesNotMatch(res.stderr, /\n\s+at /);
    },
  );

  it("warns on stderr about a mistyped setting and a missing sandbox", async () => {
    const cwd = join(scratch, "warn");
    await mkdir(cwd);
    const p = await spawnPlatform(cwd, { FIFTEEN_SANDBOX: "none", FIFTEEN_ROUTER_PRT: "9999" });
    try {
      await until(
        "both warnings on stderr",
        async () => /bubblewrap/.test(p.stderr()) && /PRT/.test(p.stderr()),
      );
      assert.match(
        p.stderr(),
        /^warning: FIFTEEN_ROUTER_PRT is not a setting; did you mean FIFTEEN_ROUTER_PORT\? It is ignored\.$/m,
      );
      assert.match(
        p.stderr(),
        /^warning: the sandbox is turned off \(FIFTEEN_SANDBOX=none\): .*share the host's \/tmp/m,
      );
      assert.match(p.stderr(), /apt-get install bubblewrap/);
      // The CLI's own variables are no settings of the platform, and no mistakes either.
      assert.doesNotMatch(p.stderr(), /FIFTEEN_API_URL|FIFTEEN_TOKEN|FIFTEEN_APP\b/);
    } finally {
      p.proc.kill("SIGTERM");
      await p.exited;
    }
  });
});

describe("two platforms on one host", { skip: root ? false : "per-app uids need root" }, () => {
  let a: TestPlatform;
  let b: TestPlatform;

  const webOf = async (t: TestPlatform, app: string) => {
    let web: ProcessInfo | undefined;
    await until(`${app}'s web process`, async () => {
      const ps = JSON.parse((await fifteen(t, ["ps", "--json", "-a", app])).stdout) as ProcessInfo[];
      web = ps.find((p) => p.type === "web" && p.state === "up" && p.pid !== null);
      return web !== undefined;
    });
    return web as ProcessInfo;
  };

  before(async () => {
    // Both with the default uid settings; b without the sandbox, so only uids stand between its apps and a's.
    [a, b] = await Promise.all([
      startTestPlatform({ FIFTEEN_DISK_LIMIT: "64M" }),
      startTestPlatform({ FIFTEEN_SANDBOX: "none" }),
    ]);
    await Promise.all([deployEcho(a, "alpha"), deployEcho(b, "beta")]);
    assert.equal((await fifteen(a, ["config:set", "ALPHA_SECRET=alpha-s3cret", "-a", "alpha"])).code, 0);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("gives their apps different uids, so one cannot read the other's /proc/PID/environ", async () => {
    const uidOf = async (t: TestPlatform, app: string) => {
      const res = await fifteen(t, ["run", "-a", app, "--", "id", "-u"]);
      assert.equal(res.code, 0, res.stderr);
      return Number(res.stdout.trim());
    };
    const [ua, ub] = [await uidOf(a, "alpha"), await uidOf(b, "beta")];
    assert.notEqual(ua, ub);
    const web = await webOf(a, "alpha");
    const stats = await stat(`/proc/${web.pid}`);
    assert.equal(stats.uid, ua, "alpha's web process runs as alpha's uid");
    const probe = `try { require("fs").readFileSync("/proc/${web.pid}/environ"); console.log("read") } catch (e) { console.log(e.code) }`;
    const res = await fifteen(b, ["run", "-a", "beta", "--", "node", "-e", probe]);
    assert.equal(res.stdout.trim(), "EACCES", res.stderr);
  });

  it("stops a one-off's writes at its disk limit with ENOSPC, says so in the logs, and leaves nothing behind", async () => {
    const marker = `fifteen-disk-${process.pid}-${Date.now()}`;
    const script = [
      `echo x > /tmp/${marker}`,
      // 100 MB into a 64 MiB disk: /tmp and TMPDIR are the same disk.
      `head -c 100000000 /dev/zero > "$TMPDIR/big"`,
    ].join(" && ");
    const res = await fifteen(a, ["run", "-a", "alpha", "--", "sh", "-c", script]);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr + res.stdout, /No space left on device/);
    await until("the platform's line about the disk limit", async () => {
      const logs = await fifteen(a, ["logs", "-a", "alpha", "--source", "platform", "-n", "100"]);
      return /run\.\d+ hit its disk limit of 64 MiB/.test(logs.stdout);
    });
    // Nothing on the host's /tmp; of the app's process directories and disks, only the web process's remain.
    await assert.rejects(stat(join("/tmp", marker)), { code: "ENOENT" });
    const runDir = join(a.dataDir, "run");
    const mounts = (await readFile("/proc/self/mountinfo", "utf8")).split("\n");
    assert.equal(
      mounts.filter((line) => line.includes(`${runDir}/`)).length,
      1,
      "only web.1's disk is mounted",
    );
    const processDirs = [];
    // releases/ holds the release's files, unpacked once for the app's processes, not a process's directory.
    for (const app of await readdir(runDir))
      processDirs.push(...(await readdir(join(runDir, app))).filter((name) => name !== "releases"));
    assert.equal(processDirs.length, 1, `only web.1's directory is left: ${processDirs.join(", ")}`);
  });

  it("gives a process type a bigger disk with ps:resize TYPE --disk SIZE, and restarts it with that disk", async () => {
    const res = await fifteen(a, ["ps:resize", "web", "--disk", "128M", "-a", "alpha"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr + res.stdout, /web=512M \(disk 128M\)/);
    const runDir = join(a.dataDir, "run");
    // tmpfs shows its size in the mount's options: 128 MiB = 131072k.
    await until("web.1 restarted on a 128M disk", async () =>
      (await readFile("/proc/self/mountinfo", "utf8"))
        .split("\n")
        .some((line) => line.includes(`${runDir}/`) && line.includes("size=131072k")),
    );
    const bad = await fifteen(a, ["ps:resize", "web", "--disk", "lots", "-a", "alpha"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /web's disk lots is not a disk size.*\[FORMATION_SIZE_INVALID\]/);
  });

  it("exits quietly when the reader of its output goes away (fifteen logs | head)", async () => {
    const seq = await fifteen(a, [
      "run",
      "--detached",
      "-a",
      "alpha",
      "--",
      "seq",
      "-f",
      "line %g",
      "1",
      "5000",
    ]);
    assert.equal(seq.code, 0, seq.stderr);
    await until("5000 lines in the log", async () =>
      (await fifteen(a, ["logs", "-a", "alpha", "-n", "10"])).stdout.includes("line 5000"),
    );
    const child = spawn(process.execPath, [CLI, "logs", "-a", "alpha", "-n", "5000"], {
      env: userEnv(a),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // As `head` does: read the first bytes, then close the pipe while the CLI is still writing.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    assert.equal(stderr, "");
    assert.equal(code, 0);
  });
});
