// up and down: start the platform in the foreground; SIGTERM or SIGINT (or `fifteen down`) stops it gracefully,
// leaving the apps and the router serving for the next start to adopt, unless told to stop them too.
import type { Command } from "commander";
import { loadPlatformConfig } from "../../config/index.js";
import { FifteenError } from "../../shared/errors.js";
import { CliError } from "../context.js";
import { info } from "../output.js";
import {
  ended,
  requestStopApps,
  runningPlatform,
  stopLeftovers,
  takeStopAppsRequest,
} from "../../platform/shutdown.js";

/**
 * A start the platform refuses (a bad setting, a host it cannot keep its promises on) is one line on stderr
 * and exit code 78 (EX_CONFIG), not a stack trace.
 */
async function refusedAsConfig<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (err instanceof FifteenError) throw new CliError(`cannot start: ${err.message} [${err.code}]`, 78);
    throw err;
  }
}

export function upCommand(program: Command): void {
  program
    .command("up")
    .description("start the platform (API on 127.0.0.1:5050, data in .fifteen/)")
    .action(async () => {
      const config = await refusedAsConfig(async () => loadPlatformConfig());
      // Loaded on demand: the rest of the CLI stays quick to start.
      const { startPlatform } = await import("../../platform/index.js");
      const { createLogger } = await import("../../platform/logger.js");
      const log = createLogger(config.logLevel);
      const platform = await refusedAsConfig(() => startPlatform(config, log));
      // For the operator at the terminal, not only in the JSON log on stdout.
      for (const warning of platform.warnings) process.stderr.write(`warning: ${warning}\n`);
      if (platform.generatedAdminToken) {
        // Shown once, on stderr, never in the JSON log; only its hash is stored.
        process.stderr.write(
          `\nFifteen admin token (shown once, save it now):\n\n  ${platform.generatedAdminToken}\n\n` +
            `Log in with:  npx fifteen login --token ${platform.generatedAdminToken} --api ${platform.apiUrl}\n\n`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off("SIGTERM", stop);
          process.off("SIGINT", stop);
          void (async () => {
            const stopApps = (await takeStopAppsRequest(config.dataDir)) || config.stopAppsOnExit;
            log.info({ signal, stopApps }, "shutting down");
            await platform.close({ stopApps });
          })().then(resolve);
        };
        process.on("SIGTERM", stop);
        process.on("SIGINT", stop);
      });
      // Everything the platform owns is closed. After a handoff a handle left open somewhere (seen now and then:
      // only stdout and stderr listed, yet the loop stayed alive) must not keep the old process around; it
      // exits with the exit code main() sets.
      setTimeout(() => process.exit(), 2000).unref();
    });
}

/** How long `down` waits for the platform to stop (builds end, one-offs get their grace period). */
const DOWN_TIMEOUT_MS = 5 * 60 * 1000;

export function downCommand(program: Command): void {
  program
    .command("down")
    .description(
      "stop the platform running on this data dir (as SIGTERM does: the apps keep serving until the next `up`)",
    )
    .option("--stop-apps", "stop the apps, the router and the add-on servers too")
    .action(async (opts: { stopApps?: boolean }) => {
      const config = await refusedAsConfig(async () => loadPlatformConfig());
      const pid = await runningPlatform(config.dataDir);
      if (pid !== undefined) {
        if (opts.stopApps) await requestStopApps(config.dataDir);
        process.kill(pid, "SIGTERM");
        if (!(await ended(pid, DOWN_TIMEOUT_MS)))
          throw new CliError(
            `the platform (pid ${pid}) did not stop within ${DOWN_TIMEOUT_MS / 60_000} minutes`,
          );
        info(
          opts.stopApps
            ? `Stopped the platform (pid ${pid}), its apps and its router.`
            : `Stopped the platform (pid ${pid}); the apps and the router keep serving until \`fifteen up\` takes them over.`,
        );
      } else if (!opts.stopApps) {
        info(`No platform is running on ${config.dataDir}.`);
      }
      if (!opts.stopApps) return;
      // What a handoff left running (or what the platform could not stop) ends here.
      const left = await stopLeftovers(config.dataDir, config.graceSeconds);
      if (pid === undefined)
        info(
          left > 0
            ? `No platform was running; stopped ${left} process(es) (apps and router) it had left serving.`
            : `Nothing is running on ${config.dataDir}.`,
        );
    });
}
