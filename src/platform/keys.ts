// The master key: from FIFTEEN_MASTER_KEY, or a key file generated on first start (with a warning). The key
// file holds one `fkN:<base64>` line per key (two only during a rotation); a file of exactly 32 raw bytes,
// as written before rotation existed, is key version 1.
import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Logger } from "pino";
import type { PlatformConfig } from "../config/index.js";
import { Sealer, type Keyring, type MasterKeyVault } from "../core/index.js";
import { formatMasterKey, parseMasterKey } from "../shared/master-key.js";

export interface MasterKeys {
  sealer: Sealer;
  vault: MasterKeyVault;
}

export function keyFileIn(dataDir: string): string {
  return join(dataDir, "master.key");
}

export async function loadMasterKeys(config: PlatformConfig, log: Logger): Promise<MasterKeys> {
  if (config.masterKey) {
    return {
      sealer: new Sealer(new Map([[config.masterKeyVersion, config.masterKey]])),
      vault: { source: "env", save: async () => undefined },
    };
  }
  const file = keyFileIn(config.dataDir);
  let content = await readFile(file).catch(() => undefined);
  if (!content) {
    const key = randomBytes(32);
    content = Buffer.from(`${formatMasterKey(1, key)}\n`);
    await writeFile(file, content, { mode: 0o600, flag: "wx" }).catch(async () => {
      content = await readFile(file); // another process won the race
    });
    log.warn({ file }, "generated a master key file; in production set FIFTEEN_MASTER_KEY instead");
  }
  return {
    sealer: new Sealer(parseKeyFile(file, content)),
    vault: { source: "file", save: (keys) => writeKeyFile(file, keys) },
  };
}

export function parseKeyFile(file: string, content: Buffer): Keyring {
  if (content.length === 32) return new Map([[1, content]]);
  const keys = new Map<number, Buffer>();
  for (const line of content.toString("utf8").split("\n")) {
    if (line.trim() === "") continue;
    const parsed = parseMasterKey(line.trim());
    if (!parsed || parsed.version === undefined) {
      throw new Error(`${file} must hold 32 raw bytes or one fkN:<base64 of 32 bytes> line per key`);
    }
    keys.set(parsed.version, parsed.key);
  }
  if (keys.size === 0) throw new Error(`${file} holds no key`);
  return keys;
}

/** Replaces the key file in one rename: readers see the old file or the new one, never a partial write. */
export async function writeKeyFile(file: string, keys: Keyring): Promise<void> {
  const text = [...keys].map(([version, key]) => `${formatMasterKey(version, key)}\n`).join("");
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  const dir = await open(dirname(file), "r");
  await dir.sync().finally(() => dir.close());
}
