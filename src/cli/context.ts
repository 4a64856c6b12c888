// What every CLI command needs: the API client (URL and token), the app, and error reporting.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { ApiClient } from "../client/index.js";
import { loadCliEnv, type CliEnv } from "../config/index.js";
import { FifteenError } from "../shared/errors.js";
import { assertAppName } from "../shared/names.js";

export const DEFAULT_API_URL = "http://127.0.0.1:5050";

export interface Credentials {
  apiUrl?: string;
  token?: string;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

let cached: CliEnv | undefined;
export function cliEnv(): CliEnv {
  cached ??= loadCliEnv();
  return cached;
}

export async function readCredentials(): Promise<Credentials> {
  const text = await readFile(cliEnv().credentialsFile, "utf8").catch(() => undefined);
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as Credentials;
  } catch {
    throw new CliError(
      `${cliEnv().credentialsFile} is not valid JSON; run \`fifteen login --token T\` again.`,
    );
  }
}

export async function client(): Promise<ApiClient> {
  const env = cliEnv();
  const saved = await readCredentials();
  const token = env.token ?? saved.token;
  if (!token) {
    throw new CliError(
      "Not logged in: run `fifteen login --token T` (the token `fifteen up` printed) or set FIFTEEN_TOKEN.",
    );
  }
  return new ApiClient(env.apiUrl ?? saved.apiUrl ?? DEFAULT_API_URL, token);
}

/** The app from -a/--app, FIFTEEN_APP, or the `fifteen` git remote of the current directory. */
export async function resolveApp(option: string | undefined): Promise<string> {
  const name = option ?? cliEnv().app ?? (await appFromGitRemote());
  if (!name) {
    throw new CliError("No app given: pass -a NAME, set FIFTEEN_APP, or add a git remote named `fifteen`.");
  }
  try {
    assertAppName(name);
  } catch (err) {
    if (err instanceof FifteenError && err.code === "APP_NAME_INVALID") throw new CliError(err.message);
    throw err;
  }
  return name;
}

async function appFromGitRemote(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)("git", ["remote", "get-url", "fifteen"], { timeout: 5000 });
    return /\/([a-z][a-z0-9-]*)\.git\/?$/.exec(stdout.trim())?.[1];
  } catch {
    return undefined;
  }
}
