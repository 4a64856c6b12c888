// deploy, builds, builds:info, builds:output, builds:cancel
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Transform } from "node:stream";
import type { Command } from "commander";
import type { ApiClient, Build } from "../../client/index.js";
import { client, CliError, cliEnv, resolveApp } from "../context.js";
import { ago, info, printJson, printPairs, printTable } from "../output.js";
import { packDirectory } from "../pack.js";

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

/** A stream that passes bytes through and draws an upload progress bar on stderr. */
function progress(total: number): Transform {
  let sent = 0;
  let last = 0;
  const tty = cliEnv().isTTY;
  const draw = () => {
    const pct = total === 0 ? 100 : Math.floor((sent / total) * 100);
    const bar = "#".repeat(Math.floor(pct / 4)).padEnd(25, ".");
    process.stderr.write(`\rUploading source [${bar}] ${pct}% ${size(sent)}/${size(total)}`);
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      if (tty && (Date.now() - last > 100 || sent === total)) {
        last = Date.now();
        draw();
      }
      done(null, chunk);
    },
    flush(done) {
      if (tty) process.stderr.write("\n");
      else process.stderr.write(`Uploaded source: ${size(total)}\n`);
      done();
    },
  });
}

/** Streams the build's output (to stdout, or to `to`) until it ends; returns the finished build. */
export async function followBuild(
  api: ApiClient,
  app: string,
  build: Build,
  to: NodeJS.WritableStream = process.stdout,
): Promise<Build> {
  for await (const text of api.buildOutput(app, build.id, true)) to.write(text);
  return api.build(app, build.id);
}

/** What `deploy --json` prints: one object a CI job can act on. */
interface DeployResult {
  ok: boolean;
  app: string;
  build: { id: string; number: number; status: string; error: string | null; errorCode: string | null };
  release: { version: number; status: string; failure: string | null } | null;
}

async function deployResult(api: ApiClient, app: string, build: Build): Promise<DeployResult> {
  const release = build.release === null ? null : await api.release(app, build.release);
  return {
    ok: build.status === "succeeded" && release?.status === "succeeded",
    app,
    build: {
      id: build.id,
      number: build.number,
      status: build.status,
      error: build.error,
      errorCode: build.errorCode,
    },
    release: release && { version: release.version, status: release.status, failure: release.failure },
  };
}

function row(b: Build): Array<string | number | null> {
  return [
    b.number,
    b.status,
    b.source.commit ? b.source.commit.slice(0, 8) : b.source.digest.slice(0, 12),
    b.buildpack,
    b.release === null ? null : `v${b.release}`,
    b.errorCode,
    ago(b.createdAt),
    b.id,
  ];
}

export function buildCommands(program: Command): void {
  program
    .command("deploy")
    .description("upload DIR (default .) as a source tarball, build it and release it")
    .argument("[dir]", "the app directory", ".")
    .option("-a, --app <name>", "the app")
    .option(
      "--no-wait",
      "return once the build is queued (by default: wait until the release is live or failed)",
    )
    .option("--wait", "wait until the release is live or failed (the default)")
    .option("--json", "print the result as JSON on stdout (build output goes to stderr)")
    .action(async (dirArg: string, opts: { app?: string; wait: boolean; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const dir = resolve(dirArg);
      const api = await client();
      const packed = await packDirectory(dir);
      try {
        const { size: bytes } = await stat(packed.file);
        info(
          `Packed ${packed.files} files from ${dir}${packed.commit ? ` at commit ${packed.commit.slice(0, 8)}` : ""}`,
        );
        if (packed.note) info(`Note: ${packed.note}.`);
        for (const warning of packed.warnings) info(`Warning: ${warning}.`);
        const body = createReadStream(packed.file).pipe(progress(bytes));
        const build = await api.submitBuild(app, body, { kind: "tarball", commit: packed.commit });
        info(`Build ${build.number} queued (${build.id})`);
        if (!opts.wait) {
          if (opts.json)
            printJson({ ok: true, app, build: { id: build.id, number: build.number, status: build.status } });
          return;
        }
        const done = await followBuild(api, app, build, opts.json ? process.stderr : process.stdout);
        if (opts.json) {
          const result = await deployResult(api, app, done);
          printJson(result);
          if (!result.ok) process.exitCode = 1;
          return;
        }
        if (done.status !== "succeeded") {
          throw new CliError(`Build ${done.number} ${done.status}: ${done.error ?? "see the output above"}`);
        }
        const release = await api.release(app, done.release as number);
        if (release.status !== "succeeded") {
          throw new CliError(
            `Release v${release.version} ${release.status}: ${release.failure ?? "see fifteen logs"}`,
          );
        }
        info(`Deployed ${app}: v${done.release}`);
        const { webUrl } = await api.appInfo(app);
        if (webUrl) info(`${webUrl} deployed to Fifteen`);
      } finally {
        await rm(packed.file, { force: true });
      }
    });

  program
    .command("builds")
    .description("list builds, newest first")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const builds = await (await client()).builds(app);
      if (opts.json) return printJson(builds);
      printTable(
        ["#", "STATUS", "SOURCE", "BUILDPACK", "RELEASE", "ERROR", "CREATED", "ID"],
        builds.map(row),
        `${app} has no builds yet.`,
      );
    });

  program
    .command("builds:info")
    .description("show one build")
    .argument("<id>", "build id or number")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (id: string, opts: { app?: string; json?: boolean }) => {
      const b = await (await client()).build(await resolveApp(opts.app), id);
      if (opts.json) return printJson(b);
      printPairs([
        ["Build", `${b.number} (${b.id})`],
        ["Status", b.status],
        ["Source", `${b.source.kind} sha256:${b.source.digest}, ${size(b.source.size)}`],
        ["Commit", b.source.commit],
        ["Buildpack", b.buildpack],
        ["Slug", b.slugDigest ? `sha256:${b.slugDigest}` : null],
        ["Release", b.release === null ? null : `v${b.release}`],
        ["Error", b.error ? `${b.errorCode}: ${b.error}` : null],
        ["Created", `${b.createdAt} by ${b.createdBy}`],
        ["Finished", b.finishedAt],
      ]);
    });

  program
    .command("builds:output")
    .description("print a build's output (follows it while it runs)")
    .argument("<id>", "build id or number")
    .option("-a, --app <name>", "the app")
    .action(async (id: string, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      await followBuild(api, app, await api.build(app, id));
    });

  program
    .command("builds:cancel")
    .description("cancel a queued or running build")
    .argument("<id>", "build id or number")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (id: string, opts: { app?: string; json?: boolean }) => {
      const b = await (await client()).cancelBuild(await resolveApp(opts.app), id);
      if (opts.json) return printJson(b);
      info(`Canceled build ${b.number}`);
    });
}
