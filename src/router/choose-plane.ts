// Which data plane carries app traffic (FIFTEEN_DATA_PLANE): HAProxy when it is installed and recent enough,
// the Node router otherwise. `fifteen up` warns when `auto` falls back, and `fifteen doctor` repeats the reason.
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { FifteenError } from "../shared/errors.js";
import type { DataPlaneKind } from "./data-plane.js";

export interface PlaneChoice {
  kind: DataPlaneKind;
  /** The HAProxy binary, when that plane runs. */
  binary?: string;
  /** Why this plane runs, for the log and `fifteen doctor`. */
  why: string;
  /** Printed at start when `auto` fell back to the slower plane. */
  warning?: string;
}

/** The oldest HAProxy whose config and runtime API the generated config relies on (Debian 12 ships 2.6). */
const MINIMUM: readonly [number, number] = [2, 6];
const INSTALL = "install it (apt-get install haproxy) and restart fifteen up";

/** Where `haproxy` is: on PATH, or in the sbin directories a non-root PATH often leaves out. */
export async function findHaproxy(path: string): Promise<string | undefined> {
  const dirs = [...path.split(delimiter).filter(Boolean), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    const file = join(dir, "haproxy");
    if (
      await access(file, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return file;
  }
  return undefined;
}

/** The version `haproxy -v` prints ("HAProxy version 2.6.12-1+deb12u2 ..."), or undefined. */
export function parseHaproxyVersion(output: string): [number, number, string] | undefined {
  const match = /HAProxy version (\d+)\.(\d+)(\S*)/.exec(output);
  return match ? [Number(match[1]), Number(match[2]), `${match[1]}.${match[2]}${match[3]}`] : undefined;
}

async function haproxyVersion(binary: string): Promise<[number, number, string] | undefined> {
  const { stdout } = await promisify(execFile)(binary, ["-v"], { timeout: 5000 }).catch(() => ({
    stdout: "",
  }));
  return parseHaproxyVersion(stdout);
}

function recent([major, minor]: [number, number, string]): boolean {
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

/** The data plane FIFTEEN_DATA_PLANE asks for, checked; `haproxy` without a usable binary refuses to start. */
export async function chooseDataPlane(
  setting: "auto" | "haproxy" | "node",
  find: () => Promise<string | undefined>,
): Promise<PlaneChoice> {
  if (setting === "node") return { kind: "node", why: "FIFTEEN_DATA_PLANE=node" };
  const binary = await find();
  const version = binary ? await haproxyVersion(binary) : undefined;
  const usable = binary !== undefined && version !== undefined && recent(version);
  if (usable)
    return {
      kind: "haproxy",
      binary,
      why: `HAProxy ${version[2]} (${binary})${setting === "haproxy" ? ", FIFTEEN_DATA_PLANE=haproxy" : ""}`,
    };
  const problem = !binary
    ? "HAProxy is not installed"
    : version
      ? `HAProxy ${version[2]} at ${binary} is older than ${MINIMUM.join(".")}`
      : `${binary} -v did not print an HAProxy version`;
  if (setting === "haproxy")
    throw new FifteenError(
      "SETTING_INVALID",
      `FIFTEEN_DATA_PLANE=haproxy, but ${problem}: ${INSTALL}, or unset FIFTEEN_DATA_PLANE to use the Node router.`,
    );
  return {
    kind: "node",
    why: `FIFTEEN_DATA_PLANE=auto and ${problem}`,
    warning:
      `${problem}, so app traffic goes through the Node router, which serves about a fifth of HAProxy's ` +
      `requests per second (BENCHMARKS.md): ${INSTALL} for the fast data plane, or set FIFTEEN_DATA_PLANE=node to keep this one.`,
  };
}
