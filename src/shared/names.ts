// Validation of user-chosen names (apps, config keys) shared by core, api and CLI.
import { FifteenError } from "./errors.js";

const APP_NAME = /^[a-z][a-z0-9-]{1,29}$/;
const RESERVED_APP_NAMES = new Set([
  "api",
  "admin",
  "app",
  "apps",
  "dashboard",
  "default",
  "fifteen",
  "git",
  "health",
  "localhost",
  "metrics",
  "platform",
  "root",
  "router",
  "static",
  "system",
  "www",
]);

export function assertAppName(name: string): void {
  if (!APP_NAME.test(name) || name.endsWith("-")) {
    throw new FifteenError(
      "APP_NAME_INVALID",
      `Invalid app name ${JSON.stringify(name)}: use 2-30 characters of lowercase letters, digits and '-', ` +
        `starting with a letter and not ending with '-' (for example "shop" or "my-api").`,
    );
  }
  if (RESERVED_APP_NAMES.has(name)) {
    throw new FifteenError(
      "APP_NAME_RESERVED",
      `The app name "${name}" is reserved by the platform; pick another.`,
    );
  }
}

const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_CONFIG_VALUE = 32 * 1024;

export function assertConfigKey(key: string): void {
  if (!CONFIG_KEY.test(key) || key.length > 256) {
    throw new FifteenError(
      "CONFIG_KEY_INVALID",
      `Invalid config key ${JSON.stringify(key)}: keys are letters, digits and '_', not starting with a digit ` +
        `(for example DATABASE_URL).`,
    );
  }
  if (key === "PORT" || key.startsWith("FIFTEEN_")) {
    throw new FifteenError(
      "CONFIG_KEY_RESERVED",
      `Config key ${key} is set by the platform for every process and cannot be overridden.`,
    );
  }
}

/** A branch name git accepts and that needs no quoting anywhere: letters, digits, `.`, `_`, `-`, `/`. */
export function assertBranchName(branch: string): void {
  const valid =
    /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/.test(branch) &&
    !/\.\.|\/\/|\/\.|\.lock(\/|$)|[./]$/.test(branch) &&
    branch !== "HEAD";
  if (!valid) {
    throw new FifteenError(
      "BRANCH_INVALID",
      `Invalid deploy branch ${JSON.stringify(branch)}: use a git branch name of letters, digits, ".", "_", "-" ` +
        `and "/" (for example main or release/prod).`,
    );
  }
}

export function assertConfigValue(key: string, value: string): void {
  if (value.includes("\0") || Buffer.byteLength(value) > MAX_CONFIG_VALUE) {
    throw new FifteenError(
      "CONFIG_VALUE_INVALID",
      `The value of ${key} must be text without NUL bytes and at most 32 KiB.`,
    );
  }
}

/** Pipelines follow the app name rule (without the reserved names: a pipeline gets no host name). */
export function assertPipelineName(name: string): void {
  if (!APP_NAME.test(name) || name.endsWith("-")) {
    throw new FifteenError(
      "PIPELINE_NAME_INVALID",
      `Invalid pipeline name ${JSON.stringify(name)}: use 2-30 characters of lowercase letters, digits and '-', ` +
        `starting with a letter and not ending with '-' (for example "shop").`,
    );
  }
}
