// Master key rotation: a new key version, every sealed value in the store re-encrypted under it, the live
// Sealer swapped, and the old key dropped only once nothing in the store needs it. Apps keep running: config
// values do not change, so no release is made.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { FifteenError } from "../shared/errors.js";
import { parseMasterKey } from "../shared/master-key.js";
import type { Repos, SealedCell, Store } from "../store/index.js";
import type { MasterKeyVault } from "./ports.js";
import { Sealer } from "./secrets.js";

export interface KeyRotation {
  /** The key version every sealed value now carries (fkN). */
  version: number;
  /** How many sealed values were re-encrypted (each config var counts once). */
  reencrypted: number;
  /** Where the key lives: "env" means the operator must now set FIFTEEN_MASTER_KEY to the new key. */
  keySource: "file" | "env";
}

/**
 * A request that sealed a value with the old key just before the swap may write it after the last pass; the
 * old key stays in memory (to open such stragglers, never to seal) until this much later a sweep re-seals them.
 */
const STRAGGLER_SWEEP_MS = 30_000;

/** Passes over the store before giving up on writers that keep sealing with the old key (they cannot, past the swap). */
const MAX_PASSES = 5;

interface Pass {
  /** Cells that still held a value under an older key when read. */
  stale: number;
  /** Values re-encrypted and written. */
  rewritten: number;
}

export class KeyService {
  #rotating = false;
  #sweep: { timer: NodeJS.Timeout; run: () => Promise<void> } | undefined;

  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
    private readonly vault: MasterKeyVault,
  ) {}

  get source(): "file" | "env" {
    return this.vault.source;
  }

  /**
   * Rotates to a new key: generated, or given (required when the key comes from FIFTEEN_MASTER_KEY, since
   * the operator must set it there). The key file holds old and new keys until the store is rewritten.
   */
  async rotate(request: { key?: string | undefined }): Promise<KeyRotation> {
    if (this.#rotating) throw new FifteenError("KEY_ROTATION_RUNNING", "A key rotation is already running.");
    if (this.vault.source === "env" && request.key === undefined) {
      throw new FifteenError(
        "MASTER_KEY_FROM_ENV",
        "The master key comes from FIFTEEN_MASTER_KEY, which the platform cannot rewrite. Generate a key " +
          "(`openssl rand -hex 32 > new.key`), run `fifteen admin:rotate-key --key-file new.key`, then set " +
          "FIFTEEN_MASTER_KEY to fkN:<that key> (N is the version it prints) before the platform restarts.",
      );
    }
    const next = request.key === undefined ? randomBytes(32) : this.parseNewKey(request.key);
    this.#rotating = true;
    try {
      await this.flush();
      const version = this.sealer.current + 1;
      const both = new Map([...this.sealer.keyring, [version, next]]);
      // Persisted first: if the platform dies midway, the next start opens old and new values alike.
      await this.vault.save(both);
      this.sealer.use(both);
      let reencrypted = 0;
      for (let pass = 1; ; pass++) {
        const { stale, rewritten } = await this.store.transaction((tx) => this.rewrite(tx, version));
        reencrypted += rewritten;
        if (stale === 0) break;
        if (pass === MAX_PASSES) {
          throw new FifteenError(
            "KEY_ROTATION_INCOMPLETE",
            `${stale} sealed values were still being rewritten by other requests after ${MAX_PASSES} passes; ` +
              `both keys are kept and new values use fk${version}. Run \`fifteen admin:rotate-key\` again.`,
          );
        }
      }
      const only = new Map([[version, next]]);
      const old = this.sealer.keyring;
      await this.vault.save(only);
      this.sealer.use(only, old);
      this.#scheduleSweep(version, only);
      return { version, reencrypted, keySource: this.vault.source };
    } finally {
      this.#rotating = false;
    }
  }

  /** Runs a pending straggler sweep now (before shutdown, or before the next rotation). */
  async flush(): Promise<void> {
    const sweep = this.#sweep;
    if (!sweep) return;
    clearTimeout(sweep.timer);
    await sweep.run();
  }

  #scheduleSweep(version: number, only: Map<number, Buffer>): void {
    const run = async () => {
      if (this.#sweep?.run !== run) return;
      this.#sweep = undefined;
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        const { stale } = await this.store.transaction((tx) => this.rewrite(tx, version));
        if (stale === 0) break;
      }
      this.sealer.use(only);
    };
    const timer = setTimeout(() => void run().catch(() => undefined), STRAGGLER_SWEEP_MS);
    timer.unref();
    this.#sweep = { timer, run };
  }

  /**
   * At start: every sealed value must name a key this platform holds, or reads would fail later with a less
   * helpful error (typically FIFTEEN_MASTER_KEY not updated after a rotation).
   */
  async checkStore(): Promise<void> {
    const held = new Set(this.sealer.versions);
    for (const cell of await this.store.sealed.cells()) {
      for (const value of valuesOf(cell)) {
        const version = Sealer.versionOf(value);
        if (version !== undefined && held.has(version)) continue;
        const where = `${cell.column.table}.${cell.column.column}`;
        throw new Error(
          `the store holds a value in ${where} sealed with key version fk${version ?? "?"}, but the master key ` +
            `is ${this.sealer.versions.map((v) => `fk${v}`).join(", ")}: after \`fifteen admin:rotate-key\` with ` +
            `FIFTEEN_MASTER_KEY, set it to fk${version ?? "N"}:<the new key>`,
        );
      }
    }
  }

  private parseNewKey(raw: string): Buffer {
    const parsed = parseMasterKey(raw.trim());
    if (!parsed || parsed.version !== undefined) {
      throw new FifteenError(
        "MASTER_KEY_INVALID",
        "The new master key must be 32 bytes as 64 hex digits or base64, without a version prefix " +
          "(generate one with `openssl rand -hex 32`).",
      );
    }
    for (const key of this.sealer.keyring.values()) {
      if (timingSafeEqual(key, parsed.key)) {
        throw new FifteenError(
          "MASTER_KEY_INVALID",
          "The new master key is the one in use: generate a new one.",
        );
      }
    }
    return parsed.key;
  }

  /** One pass: re-seals every value not yet under `version`; a cell changed meanwhile is left for the next pass. */
  private async rewrite(tx: Repos, version: number): Promise<Pass> {
    await tx.sealed.lockForRewrite(this.store.kind);
    let stale = 0;
    let rewritten = 0;
    for (const cell of await tx.sealed.cells()) {
      const resealed = this.reseal(cell, version);
      if (!resealed) continue;
      stale += 1;
      if (await tx.sealed.replace(cell, resealed.text)) rewritten += resealed.count;
    }
    return { stale, rewritten };
  }

  private reseal(cell: SealedCell, version: number): { text: string; count: number } | undefined {
    const fresh = (sealed: string) =>
      Sealer.versionOf(sealed) === version ? sealed : this.sealer.seal(this.sealer.open(sealed));
    if (cell.column.shape === "value") {
      return Sealer.versionOf(cell.value) === version ? undefined : { text: fresh(cell.value), count: 1 };
    }
    const values = JSON.parse(cell.value) as Record<string, string>;
    const old = Object.keys(values).filter((k) => Sealer.versionOf(values[k] as string) !== version);
    if (old.length === 0) return undefined;
    for (const k of old) values[k] = fresh(values[k] as string);
    return { text: JSON.stringify(values), count: old.length };
  }
}

function valuesOf(cell: SealedCell): string[] {
  return cell.column.shape === "value"
    ? [cell.value]
    : Object.values(JSON.parse(cell.value) as Record<string, string>);
}
