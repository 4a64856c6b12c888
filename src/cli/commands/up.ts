// up: start the platform in the foreground; SIGTERM or SIGINT stops it gracefully.
import type { Command } from "commander";
import { loadPlatformConfig } from "../../config/index.js";
import { FifteenError } from "../../shared/errors.js";
import { CliError } from "../context.js";

export function upCommand(program: Command): void {
  program
    .command("up")
    .description("start the platform (API on 127.0.0.1:5050, data in .fifteen/)")
    .action(async () => {
      let config;
      try {
        config = loadPlatformConfig();
      } catch (err) {
        if (err instanceof FifteenError) throw new CliError(`cannot start: ${err.message}`, 78);
        throw err;
      }
      // Loaded on demand: the rest of the CLI stays quick to start.
      const { startPlatform } = await import("../../platform/index.js");
      const { createLogger } = await import("../../platform/logger.js");
      const log = createLogger(config.logLevel);
      const platform = await startPlatform(config, log).catch((err: unknown) => {
        // A setting the platform cannot work with (a taken port, an unreadable certificate): EX_CONFIG, one line.
        if (err instanceof FifteenError && (err.code === "PORT_IN_USE" || err.code === "SETTING_INVALID"))
          throw new CliError(`cannot start: ${err.message} [${err.code}]`, 78);
        throw err;
      });
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
