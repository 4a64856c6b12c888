// What the platform checks and prepares on the host before anything starts: the data dir's modes, the app uids,
// the operator's .npmrc, the bin dir app processes see, and the isolation the kernel offers (sandbox, limits, disks).
import { constants } from "node:fs";
import { access, chmod, mkdir, mkdtemp, readFile, rm, stat, symlink } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { PlatformConfig } from "../config/index.js";
import { canMountDisks } from "../runtime/local/disk.js";
import { appUidsStatus, unreachableDataDir, type AppUidsStatus } from "../isolation/identity.js";
import { detectLimiter } from "../isolation/limits.js";
import { detectSandbox, noSandbox, sandboxMissing } from "../isolation/sandbox.js";
import { claimUidBlock, type UidBlock } from "../isolation/uid-blocks.js";
import { FifteenError } from "../shared/errors.js";
import { sqliteFileIn, type Store } from "../store/index.js";

/** The installed platform (dist/ and node_modules/), which `fifteen static` runs from. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A bin directory for app processes, on their PATH after the system's: `fifteen` (for `fifteen static`). */
export async function processBinDir(dir: string): Promise<string> {
  const cli = fileURLToPath(new URL("../bin/fifteen.js", import.meta.url));
  // Only if needed, and not fatal: an installation owned by another user is already executable.
  await access(cli, constants.X_OK).catch(() => chmod(cli, 0o755).catch(() => undefined));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await symlink(cli, join(dir, "fifteen"));
  return dir;
}

/** The operator's .npmrc (FIFTEEN_NPMRC), read once at start: a missing file stops the start with the reason. */
export async function readNpmrc(config: PlatformConfig): Promise<Buffer | undefined> {
  if (!config.npmrcFile) return undefined;
  const file = config.npmrcFile;
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new FifteenError(
      "SETTING_INVALID",
      `FIFTEEN_NPMRC=${file} cannot be read (${err.code ?? err.message}): name an .npmrc file, or unset it.`,
    );
  });
  if (!info.isFile() || info.size > 64 * 1024)
    throw new FifteenError(
      "SETTING_INVALID",
      `FIFTEEN_NPMRC=${file} is not an .npmrc file (a regular file of at most 64 KiB).`,
    );
  return readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new FifteenError(
      "SETTING_INVALID",
      `FIFTEEN_NPMRC=${file} cannot be read (${err.code ?? err.message}).`,
    );
  });
}

/**
 * Only root (the platform) may list the data dir or read what is in it; with per-app uids its mode lets app
 * uids through to their own process and build directories (0711), and the files apps must never read (the
 * databases, the master key) are 0600.
 */
export async function lockDown(config: PlatformConfig, appUids: boolean): Promise<void> {
  const databases = [
    ...(config.databaseUrl ? [] : [sqliteFileIn(config.dataDir)]),
    join(config.dataDir, "telemetry.db"),
  ];
  // SQLite's -wal and -shm files hold recent rows too (log lines, app names): as private as the databases.
  const files = [
    ...databases.flatMap((db) => [db, `${db}-wal`, `${db}-shm`]),
    join(config.dataDir, "master.key"),
  ];
  await chmod(config.dataDir, appUids ? 0o711 : 0o700);
  for (const file of files) await chmod(file, 0o600).catch(() => undefined);
  for (const name of ["slugs", "sources", "build-output", "repos", "git-hooks", "pids", "router-pid"])
    await chmod(join(config.dataDir, name), 0o700).catch(() => undefined);
}

/** This platform's block of app uids in the host-wide registry, given the uids its store already handed out. */
export async function uidBlock(config: PlatformConfig, store: Store): Promise<UidBlock> {
  return claimUidBlock({
    stateDir: config.hostStateDir,
    dataDir: config.dataDir,
    base: config.appUidBase,
    exact: config.appUidBaseSet,
    used: await store.apps.uidsUsed(),
  });
}

/** Whether app uids can reach the data dir: the platform refuses to start, saying how to fix it, if not. */
export async function checkAppUids(config: PlatformConfig): Promise<AppUidsStatus> {
  const status = await appUidsStatus(config.dataDir);
  if (status.blockedBy)
    throw new FifteenError("DATA_DIR_UNREACHABLE", unreachableDataDir(config.dataDir, status.blockedBy));
  return status;
}

/** The isolation app processes and build steps get here; what is missing is logged, and a missing sandbox warned. */
export async function probeIsolation(
  config: PlatformConfig,
  log: Logger,
  appUids: AppUidsStatus,
  uids: UidBlock | undefined,
  warnings: string[],
) {
  const sandbox =
    config.sandbox === "none"
      ? noSandbox
      : await detectSandbox(uids ? { uid: uids.base, gid: uids.base } : undefined);
  if (sandbox.kind === "none") {
    const warning = sandboxMissing(config.sandbox === "none" ? "turned off" : "not found");
    warnings.push(warning);
    log.warn({ sandbox: sandbox.kind }, warning);
  } else log.info({ sandbox: sandbox.kind }, "processes run under bubblewrap");
  const limiter = await detectLimiter({ perUidProcessLimit: appUids.on });
  const disks = await canMountDisks(await mkdtemp(join(config.dataDir, "disk-probe-")));
  if (uids) log.info({ appUids: uids }, "each app runs as its own uid");
  else log.warn({ reason: appUids.detail }, "per-app uids are off");
  log.info({ limits: limiter.kind }, limiter.detail);
  return { sandbox, limiter, disks };
}
