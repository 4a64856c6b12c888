// up: start the platform in the foreground; SIGTERM or SIGINT stops it gracefully.
import type { Command } from "commander";
import { loadPlatformConfig } from "../../config/index.js";
import { FifteenError } from "../../shared/errors.js";
import { CliError } from "../context.js";

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
          log.info({ signal }, "shutting down");
          process.off("SIGTERM", stop);
          process.off("SIGINT", stop);
          void platform.close().then(resolve);
        };
        process.on("SIGTERM", stop);
        process.on("SIGINT", stop);
      });
    });
}
