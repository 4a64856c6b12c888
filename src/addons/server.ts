// How providers name their server in messages (never with credentials), and the error when it is unreachable.
import { FifteenError } from "../shared/errors.js";

/** host:port of a server URL. */
export function hostPort(url: URL, defaultPort: number): string {
  return `${url.hostname}:${url.port || defaultPort}`;
}

export function serverOf(what: string, url: URL, defaultPort: number): string {
  return `the ${what} server at ${hostPort(url, defaultPort)}`;
}

export function unavailable(server: string, err: unknown, setting: string): FifteenError {
  const reason = err instanceof Error ? err.message : String(err);
  return new FifteenError(
    "ADDON_UNAVAILABLE",
    `Cannot reach ${server} (${reason}). Check that it runs and that ${setting} is right; nothing was created.`,
  );
}
