// The key session affinity cookies are signed with: 32 random bytes the platform generates on its first start
// and keeps in the data dir (router-affinity.key, 0600), so that cookies stay valid across restarts and
// adoptions. It reaches the data plane over its control socket only; it is never printed.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const AFFINITY_KEY_FILE = "router-affinity.key";

/** The data dir's affinity key, generated (once, whoever races) if there is none yet. */
export async function loadAffinityKey(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, AFFINITY_KEY_FILE);
  const existing = await readFile(file).catch(() => undefined);
  if (existing?.length === 32) return existing;
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, key, { mode: 0o600, flag: existing === undefined ? "wx" : "w" });
    return key;
  } catch {
    // Another process wrote it first.
    const written = await readFile(file);
    if (written.length !== 32)
      throw new Error(`${file} must hold 32 bytes; remove it to have a new one made`);
    return written;
  }
}
