// `fifteen run` on a terminal and `ps:exec`, as a user types them: the CLI runs on a pseudo-terminal here (as in
// a real terminal), keys go in as typed, the remote shell sees a tty of the right size, resizes, Ctrl-C.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { spawn as spawnPty, type IPty } from "@lydell/node-pty";
import { writeNodeApp } from "../testing/apps.js";
import { CLI, fifteen, startTestPlatform, userEnv, type TestPlatform } from "../testing/platform.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The web process leaves a file in its own private /tmp: only its own sandbox shows it. */
const SERVER = `
require("fs").writeFileSync(require("os").tmpdir() + "/marker.txt", "marker of " + process.env.FIFTEEN_PROCESS);
require("http").createServer((q, s) => s.end("hello")).listen(process.env.PORT);
`;

/** The CLI on a terminal of its own, and everything that terminal showed. */
class Terminal {
  output = "";
  readonly exit: Promise<number>;
  readonly pty: IPty;

  constructor(t: TestPlatform, args: string[]) {
    this.pty = spawnPty(process.execPath, [CLI, ...args], {
      cols: 80,
      rows: 24,
      cwd: t.home,
      env: userEnv(t, { TERM: "xterm" }),
      name: "xterm",
    });
    this.pty.onData((d) => (this.output += d));
    this.exit = new Promise((resolve) => this.pty.onExit(({ exitCode }) => resolve(exitCode)));
  }

  type(text: string): void {
    this.pty.write(text);
  }

  /** Waits until the output (from `from` on) matches. */
  async until(pattern: RegExp, from = 0, ms = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = this.output.slice(from).match(pattern);
      if (match) return match;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${pattern} in:\n${this.output.slice(from)}`);
      await sleep(50);
    }
  }
}

describe("run and ps:exec on a terminal", () => {
  let t: TestPlatform;
  const app = "shell";

  before(async () => {
    t = await startTestPlatform({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "20" });
    const dir = join(t.home, app);
    await writeNodeApp(dir, { files: { "server.js": SERVER } });
    assert.equal((await fifteen(t, ["apps:create", app])).code, 0);
    const deployed = await fifteen(t, ["deploy", "-a", app], { cwd: dir });
    assert.equal(deployed.code, 0, deployed.stderr + deployed.stdout);
    assert.equal((await fifteen(t, ["config:set", "GREETING=hi-there", "-a", app])).code, 0);
    // The web process of the new release is up (the marker is written at its start).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ps = JSON.parse((await fifteen(t, ["ps", "--json", "-a", app])).stdout) as Array<{
        name: string;
        state: string;
        release: number;
      }>;
      if (ps.some((p) => p.name === "web.1" && p.state === "up" && p.release === 2)) break;
      if (Date.now() > deadline) throw new Error(`web.1 of v2 not up: ${JSON.stringify(ps)}`);
      await sleep(300);
    }
  });
  after(async () => {
    await t?.close();
  });

  it("runs an interactive shell on a terminal: keys, tty, size, resize, Ctrl-C and the exit code", async () => {
    const term = new Terminal(t, ["run", "-a", app, "--", "bash"]);
    await term.until(/Running run\.\d+/);
    term.type("echo $((6*7)); tty; stty size\r");
    await term.until(/42\r*\n/);
    await term.until(/\/dev\/pts\/\d+/);
    await term.until(/24 80\r*\n/);
    // The window grows: the one-off's terminal follows.
    let mark = term.output.length;
    term.pty.resize(100, 40);
    await sleep(300);
    term.type("stty size\r");
    await term.until(/40 100\r*\n/, mark);
    // Ctrl-C interrupts the remote job, not the session.
    term.type("sleep 100\r");
    await sleep(1000);
    mark = term.output.length;
    term.type("\x03");
    term.type("echo still-$((1+1))\r");
    await term.until(/still-2\r*\n/, mark, 10_000);
    term.type("exit 3\r");
    assert.equal(await term.exit, 3);
  });

  it("runs on pipes with --no-tty, and from a script", async () => {
    const res = await fifteen(t, ["run", "-a", app, "--", "tty"]);
    assert.equal(res.code, 1, res.stdout + res.stderr);
    assert.match(res.stdout, /not a tty/);
    const forced = new Terminal(t, ["run", "--no-tty", "-a", app, "--", "sh", "-c", "tty; exit 4"]);
    await forced.until(/not a tty/);
    assert.equal(await forced.exit, 4);
  });

  it("ps:exec enters the running web process: its env, its files, a terminal", async () => {
    const term = new Terminal(t, ["ps:exec", "-a", app, "--dyno", "web.1"]);
    await term.until(/Inside web\.1/);
    term.type('echo "greeting=$GREETING"; cat /tmp/marker.txt; echo; stty size\r');
    await term.until(/greeting=hi-there\r*\n/);
    await term.until(/marker of web\.1/);
    await term.until(/24 80\r*\n/);
    term.type("exit 5\r");
    assert.equal(await term.exit, 5);

    // Without a terminal: a command, its status.
    const piped = await fifteen(t, ["ps:exec", "-a", app, "--", "sh", "-c", 'echo "g=$GREETING"; exit 2']);
    assert.equal(piped.code, 2, piped.stderr);
    assert.match(piped.stdout, /g=hi-there/);

    const missing = await fifteen(t, ["ps:exec", "-a", app, "--dyno", "web.9", "--", "true"]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /No process web\.9 is running/);
  });
});
