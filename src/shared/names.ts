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

export function assertConfigValue(key: string, value: string): void {
  if (value.includes("\0") || Buffer.byteLength(value) > MAX_CONFIG_VALUE) {
    throw new FifteenError(
      "CONFIG_VALUE_INVALID",
      `The value of ${key} must be text without NUL bytes and at most 32 KiB.`,
    );
  }
}
