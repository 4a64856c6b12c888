// The master key: from FIFTEEN_MASTER_KEY, or a key file generated on first start (with a warning).
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { PlatformConfig } from "../config/index.js";
import { Sealer } from "../core/index.js";

export async function loadSealer(config: PlatformConfig, log: Logger): Promise<Sealer> {
  if (config.masterKey) return new Sealer(new Map([[1, config.masterKey]]));
  const file = join(config.dataDir, "master.key");
  let key = await readFile(file).catch(() => undefined);
  if (!key) {
    key = randomBytes(32);
    await writeFile(file, key, { mode: 0o600, flag: "wx" }).catch(async () => {
      key = await readFile(file); // another process won the race
    });
    log.warn({ file }, "generated a master key file; in production set FIFTEEN_MASTER_KEY instead");
  }
  if (key.length !== 32) throw new Error(`${file} must hold exactly 32 bytes`);
  return new Sealer(new Map([[1, key]]));
}
