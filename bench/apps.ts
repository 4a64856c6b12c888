// Acting on apps as a user does: git, create and deploy, wait for an answer through the data plane, and the
// app's processes as the API lists them.
import { baseEnv, get, run, sleep, type Platform } from "./lib.js";

export interface LogLine {
  time: string;
  text: string;
}

export async function git(dir: string, args: string[]): Promise<void> {
  const res = await run("git", args, {
    cwd: dir,
    env: {
      ...baseEnv(),
      GIT_AUTHOR_NAME: "Bench",
      GIT_AUTHOR_EMAIL: "bench@example.com",
      GIT_COMMITTER_NAME: "Bench",
      GIT_COMMITTER_EMAIL: "bench@example.com",
      GIT_TERMINAL_PROMPT: "0",
    },
  });
  if (res.code !== 0) throw new Error(`git ${args.join(" ")}: ${res.stderr}`);
}

export async function createAndDeploy(p: Platform, app: string, dir: string): Promise<void> {
  const created = await p.cli(["apps:create", app, "--no-remote"]);
  if (created.code !== 0) throw new Error(created.stderr);
  const res = await p.cli(["deploy", "-a", app], dir);
  if (res.code !== 0) throw new Error(`deploy of ${app} failed: ${res.stderr}${res.stdout}`);
}

/** Polls the data plane until the app answers `body`; returns when. */
export async function answered(
  p: Platform,
  host: string,
  body: string,
  timeoutMs = 120_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await get(p.routerUrl, host))?.body === body) return Date.now();
    if (Date.now() > deadline) throw new Error(`${host} never answered ${body}`);
    await sleep(5);
  }
}

export interface ProcessInfo {
  name: string;
  type: string;
  pid: number | null;
  state: string;
}

export async function processes(p: Platform, app: string): Promise<ProcessInfo[]> {
  const res = await p.api("GET", `/v1/apps/${app}/processes`);
  if (res.status !== 200) throw new Error(`GET processes of ${app}: ${res.status}`);
  return res.body as ProcessInfo[];
}

/** Waits until `app` runs exactly `count` web processes, all up, none of them in `oldPids`. */
export async function webSettled(
  p: Platform,
  app: string,
  count: number,
  oldPids: ReadonlySet<number> = new Set(),
  timeoutMs = 60_000,
): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const web = (await processes(p, app)).filter((x) => x.type === "web");
    if (web.length === count && web.every((x) => x.state === "up" && x.pid !== null && !oldPids.has(x.pid)))
      return web;
    if (Date.now() > deadline) throw new Error(`${app}: web=${count} did not settle: ${JSON.stringify(web)}`);
    await sleep(50);
  }
}
