// The local `fifteen` git remote: its URL (never with a token) and the credential helper git asks for one.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const GIT_TIMEOUT_MS = 5000;

async function git(...args: string[]): Promise<string> {
  return (await promisify(execFile)("git", args, { timeout: GIT_TIMEOUT_MS })).stdout.trim();
}

export async function insideWorkTree(): Promise<boolean> {
  return git("rev-parse", "--is-inside-work-tree").then(
    (out) => out === "true",
    () => false,
  );
}

export async function remoteUrl(remote: string): Promise<string | undefined> {
  return git("remote", "get-url", remote).catch(() => undefined);
}

/** Single-quotes a word for sh: git runs credential helpers through the shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The helper line git runs (`sh -c "<line> get"`): this very CLI by absolute paths, so it works whether or not
 * `fifteen` is on PATH. The leading `!` makes git run it as given instead of prefixing `git credential-`.
 */
export function credentialHelperLine(): string {
  const script = process.argv[1] ?? "";
  return `!${shellQuote(process.execPath)} ${shellQuote(script)} git:credential`;
}

/** The origin git uses to pick the helper: the API's scheme, host and port (path-less, so every app matches). */
export function credentialScope(apiUrl: string): string {
  return new URL(apiUrl).origin;
}

/**
 * Points `remote` at the app's git URL and makes git ask `fifteen git:credential` for that API only. The empty
 * helper first resets the list, so a global helper (a keychain) never answers with a stale password.
 */
export async function configureRemote(
  remote: string,
  apiUrl: string,
  app: string,
): Promise<{ url: string; action: "added" | "updated" | "unchanged" }> {
  const url = `${apiUrl.replace(/\/+$/, "")}/${app}.git`;
  const current = await remoteUrl(remote);
  let action: "added" | "updated" | "unchanged" = "unchanged";
  if (current === undefined) {
    await git("remote", "add", remote, url);
    action = "added";
  } else if (current !== url) {
    await git("remote", "set-url", remote, url);
    action = "updated";
  }
  const key = `credential.${credentialScope(apiUrl)}.helper`;
  await git("config", "--local", "--unset-all", key).catch(() => undefined);
  await git("config", "--local", "--add", key, "");
  await git("config", "--local", "--add", key, credentialHelperLine());
  return { url, action };
}

/** git's credential protocol: `key=value` lines up to a blank line or the end of input. */
export function parseCredentialRequest(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line.trim() === "") break;
    const eq = line.indexOf("=");
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1).replace(/\r$/, "");
  }
  return fields;
}

/** After apps:rename: a remote that points at the old app's repository points at the new one. */
export async function renameGitRemote(remote: string, from: string, to: string): Promise<boolean> {
  if (!(await insideWorkTree())) return false;
  const url = await remoteUrl(remote);
  const suffix = `/${from}.git`;
  const trimmed = url?.replace(/\/+$/, "");
  if (!trimmed?.endsWith(suffix)) return false;
  await git("remote", "set-url", remote, `${trimmed.slice(0, -suffix.length)}/${to}.git`);
  return true;
}
