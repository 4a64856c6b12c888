// Admin processes as a user runs them: `fifteen run` attached and detached, the release phase, cron jobs.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { CronJob, LogLine, ProcessInfo } from "../client/index.js";
import { writeNodeApp } from "../testing/apps.js";
import WebSocket from "ws";
import {
  ADMIN_TOKEN,
  CLI,
  fifteen,
  startTestPlatform,
  userEnv,
  type TestPlatform,
} from "../testing/platform.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SERVER = `require("http").createServer((q, s) => s.end(process.env.FIFTEEN_RELEASE)).listen(process.env.PORT);\n`;
const RELEASE_TASK = `
console.log("release task for " + process.env.FIFTEEN_RELEASE + " as " + process.env.FIFTEEN_PROCESS);
const fs = require("fs");
const fail = process.env.RELEASE_FAIL || (fs.existsSync("RELEASE_FAIL") && fs.readFileSync("RELEASE_FAIL", "utf8").trim());
if (fail) { console.error("migration exploded: " + fail); process.exit(3); }
`;
const JOB = `console.log("job ran as " + process.env.FIFTEEN_PROCESS); setTimeout(() => {}, 3500);\n`;

describe("admin processes", () => {
  let t: TestPlatform;
  let dir: string;

  /** `-a jobs` right after the command: everything after `--` belongs to the one-off. */
  const withApp = ([command, ...rest]: string[]) => [command as string, "-a", "jobs", ...rest];
  const cli = (args: string[]) => fifteen(t, withApp(args), { cwd: dir });
  const ps = async () => JSON.parse((await cli(["ps", "--json"])).stdout) as ProcessInfo[];
  const logs = async (extra: string[] = []) =>
    (await cli(["logs", "-n", "1000", "--json", ...extra])).stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  const served = async () => {
    const res = await request(t.platform.routerUrl, { headers: { host: "jobs.localhost" } });
    return res.body.text();
  };
  const until = async (what: string, check: () => Promise<boolean>, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(150);
    }
  };
  /** The CLI as a child the test can write to and signal. */
  const spawnCli = (args: string[]) => {
    const child = spawn(process.execPath, [CLI, ...withApp(args)], {
      cwd: dir,
      env: userEnv(t),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, exited, stdout: () => stdout, stderr: () => stderr };
  };
  const releaseTaskRuns = async (version: string) =>
    (await logs(["-s", "app"])).filter((l) => l.text.startsWith(`release task for ${version} `)).length;

  before(async () => {
    t = await startTestPlatform({
      FIFTEEN_CRON_SECONDS: "true",
      FIFTEEN_BOOT_TIMEOUT_SECONDS: "5",
      FIFTEEN_GRACE_SECONDS: "2",
    });
    dir = join(t.home, "jobs");
    await writeNodeApp(dir, {
      procfile: "web: node server.js\nrelease: node release.js\n",
      files: { "server.js": SERVER, "release.js": RELEASE_TASK, "job.js": JOB },
    });
    assert.equal((await fifteen(t, ["apps:create", "jobs"])).code, 0);
    assert.equal((await cli(["config:set", "GREETING=hello"])).code, 0);
  });
  after(() => t.close());

  it("runs the release phase once before a deploy goes live, with its output in the deploy", async () => {
    const res = await cli(["deploy"]);
    assert.equal(res.code, 0, res.stderr + res.stdout);
    assert.match(res.stdout, /Running the release phase: node release\.js/);
    assert.match(res.stdout, /release task for v1 as release\.\d+/);
    assert.equal(await served(), "v1");
    assert.equal(await releaseTaskRuns("v1"), 1);
  });

  it("`run` prints a config value from the release's env, and exits with the process's status", async () => {
    const res = await cli(["run", "--", "node", "-e", "console.log(process.env.GREETING)"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, "hello\n");
    assert.match(res.stderr, /Running run\.\d+ on jobs \(v1\)/);
    assert.equal((await cli(["run", "--", "sh", "-c", "exit 7"])).code, 7);
    // One argument is a command line for sh -c; a signal death is 128 + its number.
    const killed = await cli(["run", "--", "echo to-stderr >&2; kill -TERM $$"]);
    assert.equal(killed.code, 143);
    assert.equal(killed.stderr.includes("to-stderr"), true, killed.stderr);
    const extra = await cli([
      "run",
      "-e",
      "ONLY_HERE=1",
      "--",
      "node",
      "-e",
      "console.log(process.env.ONLY_HERE)",
    ]);
    assert.equal(extra.stdout, "1\n");
  });

  it("forwards stdin: `echo hi | fifteen run -- cat` prints hi", async () => {
    const run = spawnCli(["run", "--", "cat"]);
    run.child.stdin.end("hi\n");
    assert.equal(await run.exited, 0, run.stderr());
    assert.equal(run.stdout(), "hi\n");
  });

  it("forwards Ctrl-C to the process and exits with its status", async () => {
    const script =
      "process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(130); });" +
      "console.log('ready'); setInterval(() => {}, 1000);";
    const run = spawnCli(["run", "--", "node", "-e", script]);
    await until("the one-off to be ready", async () => run.stdout().includes("ready"));
    run.child.kill("SIGINT");
    assert.equal(await run.exited, 130, run.stderr());
    assert.match(run.stdout(), /got SIGINT/);
  });

  it("ignores malformed control messages on the attach socket, and keeps serving", async () => {
    const url = new URL("/v1/apps/jobs/processes/attach", t.apiUrl);
    url.protocol = "ws:";
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    let output = "";
    const exit = new Promise<{ status: number }>((resolve, reject) => {
      socket.on("message", (data: Buffer, binary: boolean) => {
        if (binary) return void (output += data.subarray(1).toString());
        const message = JSON.parse(data.toString()) as { type: string; status: number };
        if (message.type === "started") {
          for (const junk of ["null", "[]", "42", '{"type":"signal","signal":42}', '{"type":"signal"}', "{"])
            socket.send(junk);
          socket.send(Buffer.from("hi\n"));
        }
        if (message.type === "exit") resolve(message);
      });
      socket.on("error", reject);
    });
    socket.on("open", () => socket.send(JSON.stringify({ command: ["sh", "-c", "read x; echo got $x"] })));
    assert.equal((await exit).status, 0);
    assert.equal(output, "got hi\n");
    assert.equal((await cli(["ps", "--json"])).code, 0, "the platform is still up");
  });

  it("stops a one-off at its time limit", async () => {
    const res = await cli(["run", "--timeout", "1s", "--", "sleep", "30"]);
    assert.equal(res.code, 143);
    assert.match(res.stderr, /time limit/);
  });

  it("hangs up a one-off whose client went away: SIGHUP, and nothing lingers", async () => {
    const run = spawnCli([
      "run",
      "--",
      "node",
      "-e",
      "process.on('SIGHUP', () => { console.log('hup'); process.exit(0) }); console.log('ready'); setInterval(() => {}, 1000);",
    ]);
    await until("the one-off to be ready", async () => run.stdout().includes("ready"));
    const name = /Running (run\.\d+)/.exec(run.stderr())?.[1] as string;
    assert.ok((await ps()).some((p) => p.name === name));
    run.child.kill("SIGKILL");
    await until(`${name} to be gone`, async () => !(await ps()).some((p) => p.name === name));
    const lines = await logs(["-p", name]);
    assert.ok(
      lines.some((l) => l.text === `${name} finished: exit 0 (client gone)`),
      lines.map((l) => l.text).join("\n"),
    );
  });

  it("`run --detached` returns at once; the output is in `logs` under run.N, and ps:stop ends it", async () => {
    const res = await cli([
      "run",
      "--detached",
      "--json",
      "--",
      "sh",
      "-c",
      "echo detached says hi; sleep 60",
    ]);
    assert.equal(res.code, 0, res.stderr);
    const { name } = JSON.parse(res.stdout) as { name: string };
    assert.match(name, /^run\.\d+$/);
    const running = (await ps()).find((p) => p.name === name);
    assert.equal(running?.state, "up", "still running after the command returned");
    await until("its output in the log stream", async () =>
      (await logs(["-p", name])).some((l) => l.source === "app" && l.text === "detached says hi"),
    );
    assert.equal((await cli(["ps:stop", name])).code, 0);
    assert.ok(!(await ps()).some((p) => p.name === name));
    // The formation is not touched: a one-off is not restarted.
    await sleep(500);
    // The previous release's web.1 may still be draining ("stopping") after the last rollout.
    assert.deepEqual(
      (await ps()).filter((p) => p.state !== "stopping").map((p) => p.name),
      ["web.1"],
    );
  });

  it("shows a viewer a one-off's program but none of its arguments, in `logs` and `ps`; an admin sees all", async () => {
    const password = (await fifteen(t, ["users:create", "viewer@example.com"])).stdout.trim();
    assert.equal((await cli(["access:add", "viewer@example.com", "--role", "viewer"])).code, 0);
    const login = await request(`${t.apiUrl}/v1/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "viewer@example.com", password }),
    });
    const { token } = (await login.body.json()) as { token: string };
    const viewer = (args: string[]) => fifteen(t, withApp(args), { cwd: dir, env: { FIFTEEN_TOKEN: token } });

    const started = await cli([
      "run",
      "--detached",
      "--json",
      "--",
      "node",
      "-e",
      "setTimeout(() => {}, 60000) // secret123",
    ]);
    assert.equal(started.code, 0, started.stderr);
    const { name } = JSON.parse(started.stdout) as { name: string };
    const seen = await viewer(["logs", "-n", "1000", "-p", name]);
    assert.equal(seen.code, 0, seen.stderr);
    assert.match(
      seen.stdout,
      new RegExp(`starting ${name.replace(".", "\\.")} .*: node \\[arguments hidden\\]`),
    );
    assert.doesNotMatch(seen.stdout, /secret123|setTimeout/);
    const viewerPs = await viewer(["ps", "--json"]);
    assert.equal(
      (JSON.parse(viewerPs.stdout) as ProcessInfo[]).find((p) => p.name === name)?.command,
      "node [arguments hidden]",
    );
    assert.doesNotMatch(viewerPs.stdout, /secret123/);
    assert.doesNotMatch(
      (await cli(["logs", "-n", "1000"])).stdout,
      /secret123/,
      "not in the stream for anyone",
    );
    const adminPs = (await ps()).find((p) => p.name === name);
    assert.match(adminPs?.command ?? "", /secret123/, "an app admin sees the whole command in ps");
    assert.equal((await cli(["ps:stop", name])).code, 0);
  });

  it("runs the release phase once for a config-change release too", async () => {
    const res = await cli(["config:set", "OTHER=1"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(await served(), "v2");
    assert.equal(await releaseTaskRuns("v2"), 1);
    assert.equal(await releaseTaskRuns("v1"), 1);
  });

  it("a failing release phase fails the release and the deploy, and the old release keeps serving", async () => {
    const config = await cli(["config:set", "RELEASE_FAIL=boom"]);
    assert.notEqual(config.code, 0);
    assert.match(config.stderr, /release v3 failed: the release phase .* exit 3.*migration exploded: boom/);
    assert.equal(await served(), "v2");
    // The config change was not committed: its release failed.
    assert.notEqual((await cli(["config:get", "RELEASE_FAIL"])).code, 0);
    await writeFile(join(dir, "RELEASE_FAIL"), "boom\n");
    const deploy = await cli(["deploy"]);
    assert.notEqual(deploy.code, 0);
    assert.match(deploy.stdout, /migration exploded: boom/);
    assert.match(deploy.stderr, /Release v4 failed/);
    assert.equal(await served(), "v2");
    const releases = JSON.parse((await cli(["releases", "--json"])).stdout) as Array<{
      version: number;
      status: string;
    }>;
    assert.deepEqual(
      releases.slice(0, 3).map((r) => [r.version, r.status]),
      [
        [4, "failed"],
        [3, "failed"],
        [2, "succeeded"],
      ],
    );
    await rm(join(dir, "RELEASE_FAIL"));
    // A config change on the live release (v2's code, without the file) goes live.
    const fixed = await cli(["config:set", "OTHER=2"]);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal(await served(), "v5");
    assert.equal(await releaseTaskRuns("v5"), 1);
  });

  it("does not scale the release type, and runs no release process outside a release", async () => {
    const res = await cli(["ps:scale", "release=1"]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /no process type "release"/);
    // The previous release's web.1 may still be draining ("stopping") after the last rollout.
    assert.deepEqual(
      (await ps()).filter((p) => p.state !== "stopping").map((p) => p.name),
      ["web.1"],
    );
  });

  it("runs a cron job on schedule as scheduler.N, never twice at once, and shows it in `cron`", async () => {
    // Seconds-level schedule (FIFTEEN_CRON_SECONDS) so the test need not wait a minute; the job runs 3.5 s.
    const added = await cli(["cron:add", "*/2 * * * * *", "--json", "--", "node", "job.js"]);
    assert.equal(added.code, 0, added.stderr);
    const job = JSON.parse(added.stdout) as CronJob;
    let most = 0;
    await until(
      "a finished run and a skipped one",
      async () => {
        most = Math.max(most, (await ps()).filter((p) => p.type === "scheduler").length);
        const lines = await logs();
        return (
          lines.some((l) => l.text.startsWith(`cron job ${job.number} (*/2 * * * * *): skipped this run`)) &&
          lines.some((l) => /^scheduler\.\d+ finished: exit 0$/.test(l.text))
        );
      },
      20_000,
    );
    assert.ok(most <= 1, `at most one run at a time, saw ${most}`);
    const ran = (await logs(["-s", "app"])).filter((l) => l.text.startsWith("job ran as scheduler."));
    assert.ok(ran.length >= 1);
    assert.equal(ran[0]?.process, ran[0]?.text.slice("job ran as ".length));
    const [listed] = JSON.parse((await cli(["cron", "--json"])).stdout) as CronJob[];
    assert.equal(listed?.number, job.number);
    assert.match(listed?.lastProcess ?? "", /^scheduler\.\d+$/);
    assert.ok(
      listed?.lastOutcome === "exit 0" || listed?.lastOutcome === "running",
      listed?.lastOutcome ?? "",
    );
    assert.ok(listed?.nextRunAt && Date.parse(listed.nextRunAt) > Date.now() - 1000);
    const table = await cli(["cron"]);
    assert.match(table.stdout, /\*\/2 \* \* \* \* \*\s+UTC\s+node job\.js/);
    assert.equal((await cli(["cron:remove", String(job.number)])).code, 0);
    assert.equal((JSON.parse((await cli(["cron", "--json"])).stdout) as CronJob[]).length, 0);
  });

  it("`cron:run` starts a job now and refuses a second run while it is going", async () => {
    const added = await cli([
      "cron:add",
      "0 3 * * *",
      "--tz",
      "Europe/Berlin",
      "--json",
      "--",
      "node",
      "job.js",
    ]);
    const job = JSON.parse(added.stdout) as CronJob;
    assert.equal(job.timezone, "Europe/Berlin");
    const next = new Date(job.nextRunAt as string);
    assert.ok([1, 2].includes(next.getUTCHours()), `03:00 in Berlin is 01:00 or 02:00 UTC: ${job.nextRunAt}`);
    const first = await cli(["cron:run", String(job.number), "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const { process: name } = JSON.parse(first.stdout) as { process: string };
    const second = await cli(["cron:run", String(job.number)]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`still running as ${name.replace(".", "\\.")}.*\\[CRON_BUSY\\]`));
    await until("the run to finish and be recorded", async () => {
      const [listed] = JSON.parse((await cli(["cron", "--json"])).stdout) as CronJob[];
      return listed?.lastProcess === name && listed.lastOutcome === "exit 0";
    });
    assert.equal((await cli(["cron:remove", String(job.number)])).code, 0);
  });

  it("refuses bad input with a clear error, and creates nothing", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["cron:add", "61 * * * *", "--", "node", "job.js"], /Invalid value for minute.*CRON_INVALID/s],
      [["cron:add", "every minute", "--", "node", "job.js"], /give 5 fields/],
      [["cron:add", "* * * * *", "--tz", "Mars/Olympus", "--", "x"], /not a time zone/],
      [["cron:add", "* * * * *", "--", " "], /No command given/],
      [["run", "--", " "], /No command given.*RUN_INVALID/s],
      [["run", "--timeout", "soon", "--", "true"], /not a duration/],
    ];
    for (const [args, message] of cases) {
      const res = await cli(args);
      assert.equal(res.code, 1, args.join(" "));
      assert.match(res.stderr, message, args.join(" "));
    }
    assert.deepEqual(JSON.parse((await cli(["cron", "--json"])).stdout), []);
    assert.equal((await fifteen(t, ["apps:create", "fresh"])).code, 0);
    const undeployed = await fifteen(t, ["run", "-a", "fresh", "--", "true"]);
    assert.equal(undeployed.code, 1);
    assert.match(undeployed.stderr, /has no release to run in yet: deploy it first.*NOT_DEPLOYED/);
    const detached = await fifteen(t, ["run", "-a", "fresh", "--detached", "--", "true"]);
    assert.match(detached.stderr, /NOT_DEPLOYED/);
    assert.deepEqual(JSON.parse((await fifteen(t, ["ps", "--json", "-a", "fresh"])).stdout), []);
  });
});
