// The text form of a master key, shared by FIFTEEN_MASTER_KEY, the key file and `admin:rotate-key --key-file`:
// 32 bytes as 64 hex digits or base64, optionally prefixed with its version (`fk2:…`).

export interface VersionedKey {
  /** From an `fkN:` prefix; undefined without one. */
  version: number | undefined;
  key: Buffer;
}

const VERSIONED = /^fk([1-9][0-9]{0,8}):(.*)$/s;

/** The key in raw, or undefined if raw is not one (the caller says why without echoing it). */
export function parseMasterKey(raw: string): VersionedKey | undefined {
  const match = VERSIONED.exec(raw);
  const text = match ? (match[2] as string) : raw;
  const hex = /^[0-9a-fA-F]{64}$/.test(text);
  const base64 = /^[A-Za-z0-9+/]{43}=?$/.test(text) || /^[A-Za-z0-9_-]{43}$/.test(text);
  const key = hex ? Buffer.from(text, "hex") : base64 ? Buffer.from(text, "base64") : Buffer.alloc(0);
  if (key.length !== 32) return undefined;
  return { version: match ? Number(match[1]) : undefined, key };
}

/** `fkN:<base64>`: how a key is written to the key file and how an operator sets a rotated env key. */
export function formatMasterKey(version: number, key: Buffer): string {
  return `fk${version}:${key.toString("base64")}`;
}
