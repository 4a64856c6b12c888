// The pre-receive hook: builds the pushed deploy branch through the API and streams the output to `git push`.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createGzip } from "node:zlib";
import { ApiClient, ApiError } from "../client/index.js";
import { loadHookEnv } from "../config/index.js";

const ZERO = /^0+$/;

async function readUpdates(): Promise<Array<{ oldSha: string; newSha: string; ref: string }>> {
  const updates = [];
  for await (const line of createInterface({ input: process.stdin })) {
    const [oldSha, newSha, ref] = line.trim().split(/\s+/);
    if (oldSha && newSha && ref) updates.push({ oldSha, newSha, ref });
  }
  return updates;
}

/** Whether the repository the hook runs in (git sets GIT_DIR) already has this branch. */
async function hasBranch(branch: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("git", ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], {
      stdio: "ignore",
    });
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0));
  });
}

/**
 * The branch this push deploys. As Heroku does, an app on the default main also deploys master from a
 * repository that has no main: not in this push, and never pushed before.
 */
async function effectiveDeployBranch(
  configured: string,
  updates: Array<{ ref: string; newSha: string }>,
): Promise<string> {
  if (configured !== "main") return configured;
  if (updates.some((u) => u.ref === "refs/heads/main")) return configured;
  const master = updates.find((u) => u.ref === "refs/heads/master");
  if (!master || ZERO.test(master.newSha) || (await hasBranch("main"))) return configured;
  return "master";
}

function say(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

async function main(): Promise<number> {
  const env = loadHookEnv();
  if (!env) {
    say("fifteen: this repository only accepts pushes through the Fifteen API.");
    return 1;
  }
  const updates = await readUpdates();
  const client = new ApiClient(env.apiUrl, env.token);
  const { deployBranch: configured, webUrl } = await client.appInfo(env.app);
  const deployBranch = await effectiveDeployBranch(configured, updates);
  const deployRef = `refs/heads/${deployBranch}`;
  if (deployBranch !== configured) {
    say(`-----> ${env.app} deploys main; this repository has no main, so master deploys (as on Heroku).`);
  }
  const rejected = updates.filter((u) => u.ref !== deployRef && !u.ref.startsWith("refs/tags/"));
  if (rejected.length > 0) {
    const names = rejected.map((u) => u.ref.replace(/^refs\/heads\//, "")).join(", ");
    say(
      `!     ${env.app} deploys only its branch ${deployBranch}; rejected: ${names}. ` +
        `Push with \`git push fifteen HEAD:${deployBranch}\`, or change the deploy branch with ` +
        `\`fifteen apps:update --deploy-branch BRANCH -a ${env.app}\`.`,
    );
    return 1;
  }
  const deploy = updates.find((u) => u.ref === deployRef);
  if (!deploy) return 0;
  if (ZERO.test(deploy.newSha)) {
    say(
      `!     Deleting ${deploy.ref} is not allowed; destroy the app with \`fifteen apps:destroy\` instead.`,
    );
    return 1;
  }

  const archive = spawn("git", ["archive", "--format=tar", deploy.newSha], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const body = archive.stdout.pipe(createGzip());
  const build = await client.submitBuild(env.app, body, { kind: "git", commit: deploy.newSha });
  say(`-----> Build ${build.number} queued for ${env.app} (commit ${deploy.newSha.slice(0, 8)})`);
  for await (const text of client.buildOutput(env.app, build.id, true)) process.stdout.write(text);
  const done = await client.build(env.app, build.id);
  if (done.status === "succeeded" && done.release !== null) {
    const release = await client.release(env.app, done.release);
    if (release.status === "succeeded") {
      say(`-----> ${env.app} deployed: v${done.release}`);
      if (webUrl) say(`       ${webUrl} deployed to Fifteen`);
      return 0;
    }
    say(
      `!     Push rejected: release v${release.version} ${release.status}: ${release.failure ?? "see fifteen logs"}`,
    );
    return 1;
  }
  say(
    `!     Push rejected: build ${done.number} ${done.status}${done.errorCode ? ` (${done.errorCode})` : ""}.`,
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(
      `!     Push rejected: ${err instanceof ApiError || err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  },
);
