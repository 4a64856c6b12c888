// The host-wide uid registry: each platform on this host (keyed by its data dir's real path) claims its own block
// of app uids in one file under FIFTEEN_HOST_STATE_DIR, under a lock file, so two platforms never share a uid.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FifteenError } from "../shared/errors.js";
import { subordinateRanges } from "./identity.js";

/** Uids one platform may hand out: [base, base + size). */
export interface UidBlock {
  base: number;
  size: number;
}

interface Claim extends UidBlock {
  dataDir: string;
}

export const BLOCK_SIZE = 10_000;
const MAX_UID = 4_000_000_000;
const FILE = "uid-blocks.json";
const LOCK = "uid-blocks.lock";
/** A lock older than this is a crashed holder's, whatever its pid says. */
const STALE_LOCK_MS = 30_000;

export interface ClaimOptions {
  stateDir: string;
  dataDir: string;
  /** Where the search for a free block starts (FIFTEEN_APP_UID_BASE). */
  base: number;
  /** Whether the operator chose the base: then exactly that block, or a refusal. */
  exact: boolean;
  /** Uids this platform's store has already handed out ([first, next)): the block must hold them. */
  used?: { first: number; next: number } | undefined;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;
const span = (b: UidBlock) => ({ start: b.base, end: b.base + b.size });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Runs `fn` holding the registry's lock file (created exclusively; a dead holder's lock is taken over). */
async function locked<T>(stateDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(stateDir, LOCK);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const handle = await open(lock, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(await readFile(lock, "utf8").catch(() => ""));
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if ((holder > 0 && !alive(holder)) || age > STALE_LOCK_MS) await rm(lock, { force: true });
      else if (Date.now() > deadline)
        throw new FifteenError(
          "APP_UIDS_UNAVAILABLE",
          `the host's uid registry is locked by process ${holder} (${lock}) for over 10 s; if that process is not a platform starting up, remove the lock file.`,
        );
      else await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

async function readClaims(stateDir: string): Promise<Claim[]> {
  const text = await readFile(join(stateDir, FILE), "utf8").catch(() => "");
  if (text === "") return [];
  let parsed: { blocks?: unknown };
  try {
    parsed = JSON.parse(text) as { blocks?: unknown };
  } catch {
    // Not guessed around: a lost claim would hand another platform's uids out again.
    throw new FifteenError(
      "APP_UIDS_UNAVAILABLE",
      `the host's uid registry ${join(stateDir, FILE)} is not valid JSON; repair it (each platform's data dir and uid block), or remove it only when no other platform on this host has apps.`,
    );
  }
  return Array.isArray(parsed.blocks) ? (parsed.blocks as Claim[]) : [];
}

async function writeClaims(stateDir: string, claims: Claim[]): Promise<void> {
  const tmp = join(stateDir, `${FILE}.${randomBytes(6).toString("hex")}`);
  await writeFile(tmp, `${JSON.stringify({ blocks: claims }, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, join(stateDir, FILE));
}

/** The first block from `base` that is no other platform's and no subordinate id range. */
function firstFree(base: number, size: number, others: Claim[]): UidBlock | undefined {
  const taken = [...others.map(span), ...subordinateRanges()];
  for (let start = base; start + size <= MAX_UID;) {
    const block = { start, end: start + size };
    const clash = taken.filter((t) => overlaps(t, block));
    if (clash.length === 0) return { base: start, size };
    start = Math.max(...clash.map((t) => t.end));
  }
  return undefined;
}

/** Why the block this platform needs is not its to take, and what to change. */
function taken(options: ClaimOptions, wanted: UidBlock, clash: Claim, others: Claim[]): string {
  const range = (b: UidBlock) => `${b.base}–${b.base + b.size - 1}`;
  const free = firstFree(options.base, BLOCK_SIZE, others);
  const why = options.exact ? "FIFTEEN_APP_UID_BASE asks for" : "this platform's apps already have";
  return (
    `${why} app uids ${range(wanted)}, but another platform on this host holds uids ${range(clash)} ` +
    `(its data dir is ${clash.dataDir}; see ${join(options.stateDir, FILE)}). ` +
    (free && options.exact
      ? `Set FIFTEEN_APP_UID_BASE=${free.base} (free), or unset it.`
      : free
        ? `Start this platform with a fresh data dir, or stop the other and remove its data dir.`
        : `Stop a platform this host no longer needs and remove its data dir.`)
  );
}

/**
 * This platform's block of app uids: the one it claimed before, or a new one no other platform on the host
 * holds. Claims of data dirs that no longer exist are dropped. Refuses (APP_UIDS_UNAVAILABLE) when the block
 * the operator asked for, or the uids the store already handed out, belong to another platform.
 */
export async function claimUidBlock(options: ClaimOptions): Promise<UidBlock> {
  await mkdir(options.stateDir, { recursive: true, mode: 0o711 });
  const dataDir = await realpath(options.dataDir);
  return locked(options.stateDir, async () => {
    const claims: Claim[] = [];
    for (const claim of await readClaims(options.stateDir))
      if (await exists(claim.dataDir)) claims.push(claim);
    const mine = claims.find((c) => c.dataDir === dataDir);
    const others = claims.filter((c) => c !== mine);
    if (mine && (!options.exact || mine.base === options.base)) {
      await writeClaims(options.stateDir, claims);
      return { base: mine.base, size: mine.size };
    }
    const { used, exact } = options;
    let wanted: UidBlock | undefined;
    if (exact || used) {
      // The operator's base and the uids already handed out, each with room to grow.
      const start = Math.min(exact ? options.base : Infinity, used?.first ?? Infinity);
      const end = Math.max(exact ? options.base : 0, used?.next ?? 0) + BLOCK_SIZE;
      wanted = { base: start, size: end - start };
      const block = span(wanted);
      const clash = others.find((o) => overlaps(span(o), block));
      if (clash) throw new FifteenError("APP_UIDS_UNAVAILABLE", taken(options, wanted, clash, others));
    } else {
      wanted = firstFree(options.base, BLOCK_SIZE, others);
      if (!wanted) {
        throw new FifteenError(
          "APP_UIDS_UNAVAILABLE",
          `no block of ${BLOCK_SIZE} app uids from ${options.base} is free on this host; set FIFTEEN_APP_UID_BASE lower.`,
        );
      }
    }
    await writeClaims(options.stateDir, [...others, { dataDir, ...wanted }]);
    return wanted;
  });
}
