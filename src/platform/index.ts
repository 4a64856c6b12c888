// `fifteen up`: wires store, core, builder, git and API on embedded defaults, and shuts them down in order.
import { mkdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Logger } from "pino";
import { createApi, type Server } from "../api/server.js";
import { Builder } from "../build/builder.js";
import { FsAppFiles } from "../build/files.js";
import { FsSlugStore } from "../build/slugs.js";
import { FsSourceArchive } from "../build/sources.js";
import { BuildWorker } from "../build/worker.js";
import type { PlatformConfig } from "../config/index.js";
import { Core } from "../core/index.js";
import { GitRepos } from "../git/repos.js";
import { FileBuildOutput } from "../logs/build-output.js";
import { sqliteFileIn, Store } from "../store/index.js";
import { loadSealer } from "./keys.js";
import { VERSION } from "./version.js";

export interface Platform {
  readonly apiUrl: string;
  readonly core: Core;
  /** Set on the first start only, when the platform generated the admin token itself. */
  readonly generatedAdminToken: string | undefined;
  close(): Promise<void>;
}

export async function startPlatform(config: PlatformConfig, log: Logger): Promise<Platform> {
  const dir = (name: string) => join(config.dataDir, name);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // Build directories left by a crash belong to builds that are marked interrupted below.
  await rm(dir("work"), { recursive: true, force: true });
  for (const name of config.unknownSettings) log.warn({ setting: name }, "unknown FIFTEEN_* setting ignored");

  const store = await Store.open({
    databaseUrl: config.databaseUrl,
    sqliteFile: sqliteFileIn(config.dataDir),
  });
  const sealer = await loadSealer(config, log);
  const slugs = new FsSlugStore(dir("slugs"));
  const sources = new FsSourceArchive(dir("sources"));
  const output = new FileBuildOutput(dir("build-output"));
  const repos = new GitRepos(dir("repos"), dir("git-hooks"), config.childEnv);
  await Promise.all([slugs.init(), sources.init(), output.init(), repos.init()]);
  const files = new FsAppFiles({ repos: dir("repos"), cache: dir("cache") });

  const core = new Core({
    store,
    sealer,
    slugs,
    sources,
    output,
    files,
    maxSourceBytes: config.maxSourceBytes,
  });
  const admin = await core.tokens.bootstrapAdmin(config.adminToken);
  if (admin) log.info({ fromEnv: !admin.generated }, "created the admin token");
  const interrupted = await core.builds.failInterrupted();
  if (interrupted > 0)
    log.warn({ builds: interrupted }, "marked builds interrupted by the last shutdown as failed");

  const builder = new Builder({
    workDir: dir("work"),
    cacheDir: dir("cache"),
    slugs,
    childEnv: config.childEnv,
  });
  const worker = new BuildWorker(core, builder, output, { timeoutSeconds: config.buildTimeoutSeconds, log });
  worker.start();

  let apiUrl = "";
  let server: Server;
  try {
    server = await createApi({
      core,
      log,
      version: VERSION,
      git: { repos, env: config.childEnv, apiUrl: () => apiUrl },
    });
    await server.listen({ host: config.apiHost, port: config.apiPort });
  } catch (err) {
    await worker.stop();
    await store.close();
    throw err;
  }
  const address = server.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  apiUrl = `http://${host}:${address.port}`;
  log.info({ api: apiUrl, dataDir: config.dataDir, store: store.kind, version: VERSION }, "fifteen is up");

  let closing: Promise<void> | undefined;
  return {
    apiUrl,
    core,
    generatedAdminToken: admin?.generated ? admin.token : undefined,
    close() {
      closing ??= (async () => {
        // Builds first, so their clients see the outcome before the API stops answering.
        await worker.stop();
        const forced = setTimeout(() => server.server.closeAllConnections(), config.graceSeconds * 1000);
        forced.unref();
        await server.close();
        clearTimeout(forced);
        await store.close();
        log.info("fifteen stopped");
      })();
      return closing;
    },
  };
}
