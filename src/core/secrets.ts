// Sealing secrets at rest: AES-256-GCM, a random nonce per value, a key-version prefix so keys can rotate.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const PREFIX = /^fk(\d+):(.+)$/;

/** Key version → 32-byte key. */
export type Keyring = ReadonlyMap<number, Buffer>;

export class Sealer {
  #keys: Keyring = new Map();
  /** Keys a rotation retired: they still open values (a straggler written just after it), never seal. */
  #retired: Keyring = new Map();
  #current = 0;

  /** keys: version → 32-byte key; new values are sealed with the highest version. */
  constructor(keys: Keyring) {
    this.use(keys);
  }

  /**
   * Swaps the keys in one step (key rotation): values sealed from now on use the highest version. `retired`
   * keys are kept in memory to open values only, never to seal (and are not in `keyring` or `versions`).
   */
  use(keys: Keyring, retired: Keyring = new Map()): void {
    if (keys.size === 0) throw new Error("Sealer needs at least one key");
    for (const [version, key] of keys) {
      if (!Number.isInteger(version) || version < 1)
        throw new Error(`key version ${version} is not 1 or more`);
      if (key.length !== 32) throw new Error(`key version ${version} must be 32 bytes`);
    }
    this.#keys = new Map(keys);
    this.#retired = new Map([...retired].filter(([version]) => !keys.has(version)));
    this.#current = Math.max(...keys.keys());
  }

  /** The version new values are sealed with. */
  get current(): number {
    return this.#current;
  }

  /** The keys it holds now (a copy). */
  get keyring(): Keyring {
    return new Map(this.#keys);
  }

  /** The versions this sealer can open. */
  get versions(): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b);
  }

  /** The key version a sealed value names, or undefined if it is not a sealed value. */
  static versionOf(sealed: string): number | undefined {
    const match = PREFIX.exec(sealed);
    return match ? Number(match[1]) : undefined;
  }

  seal(plain: string): string {
    const key = this.#keys.get(this.#current) as Buffer;
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    cipher.setAAD(Buffer.from(`fk${this.#current}`));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return `fk${this.#current}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64")}`;
  }

  open(sealed: string): string {
    const match = PREFIX.exec(sealed);
    const version = match ? Number(match[1]) : undefined;
    const key = version === undefined ? undefined : (this.#keys.get(version) ?? this.#retired.get(version));
    if (!match || !key) throw new Error("sealed value has an unknown key version");
    const raw = Buffer.from(match[2] as string, "base64");
    if (raw.length < 12 + 16) throw new Error("sealed value is truncated");
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(`fk${match[1]}`));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
      "utf8",
    );
  }
}
