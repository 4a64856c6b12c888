// Readers of one FIFTEEN_* setting each: an unset or empty variable gives the default, anything malformed
// fails with SETTING_INVALID naming the variable (a value holding a password is never echoed).
import { FifteenError } from "../shared/errors.js";
import { parseMemorySize } from "../shared/sizes.js";

export type Env = Readonly<Record<string, string | undefined>>;

export function invalid(name: string, value: string, expected: string): never {
  throw new FifteenError(
    "SETTING_INVALID",
    `${name}=${JSON.stringify(value)} is invalid: expected ${expected}.`,
  );
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    invalid(name, raw, `an integer from ${min} to ${max}`);
  }
  return value;
}

export function boolean(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "" || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  return invalid(name, raw, "true, false, 1 or 0");
}

export function absolutePath(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  return raw.startsWith("/") && !raw.includes("\0") ? raw : invalid(name, raw, "an absolute path");
}

/** One of `values`, the first by default. */
export function oneOf<T extends string>(env: Env, name: string, values: readonly [T, ...T[]]): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return values[0];
  if (!(values as readonly string[]).includes(raw)) invalid(name, raw, values.join(" or "));
  return raw as T;
}

export function memory(env: Env, name: string, fallbackMb: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallbackMb;
  return parseMemorySize(raw) ?? invalid(name, raw, "a memory size from 32M to 1024G, e.g. 512M or 2G");
}

export function hostPort(env: Env, name: string): { host: string; port: number } | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
  const port = Number(match?.[2]);
  if (!match?.[1] || port > 65535) invalid(name, raw, "host:port, e.g. 127.0.0.1:9415");
  return { host: match[1].replace(/^\[|\]$/g, ""), port };
}

export function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** A URL setting whose scheme must be one of `schemes`; the value (it holds a password) is never echoed. */
export function serviceUrl(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const url = parseUrl(raw);
  if (!url || !schemes.includes(url.protocol)) {
    invalid(name, "<redacted>", `a ${schemes.map((s) => `${s}//`).join(" or ")} URL`);
  }
  return raw;
}
