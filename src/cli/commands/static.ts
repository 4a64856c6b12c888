// static: the built-in web process of the static buildpack; serves DIR on $PORT.
import type { Command } from "commander";
import { resolve } from "node:path";
import { CliError, cliEnv } from "../context.js";

export function staticCommand(program: Command): void {
  program
    .command("static")
    .description("serve a static site from DIR on $PORT (the static buildpack's web process)")
    .argument("[dir]", "the site directory", ".")
    .action(async (dir: string) => {
      const raw = cliEnv().port;
      const port = Number(raw);
      if (raw === undefined || !/^\d+$/.test(raw) || port < 1 || port > 65535) {
        throw new CliError(
          `PORT must be a port number (1-65535), not ${JSON.stringify(raw ?? "")}: \`fifteen static\` serves on $PORT.`,
        );
      }
      const { default: Fastify } = await import("fastify");
      const { default: fastifyStatic } = await import("@fastify/static");
      const server = Fastify({ logger: false });
      await server.register(fastifyStatic, { root: resolve(dir), index: ["index.html"], dotfiles: "deny" });
      await server.listen({ host: "0.0.0.0", port });
      process.stdout.write(`serving ${resolve(dir)} on port ${port}\n`);
      await new Promise<void>((done) => {
        const stop = () => void server.close().then(done);
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
    });
}
