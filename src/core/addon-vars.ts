// What an add-on is to an app: its name, the variable prefix it is attached under (ALIAS_URL, ALIAS_<suffix>),
// and the variables its sealed secret sets there.
import { randomInt } from "node:crypto";
import { FifteenError } from "../shared/errors.js";
import { assertConfigKey } from "../shared/names.js";
import type { App } from "./types.js";

/** An add-on's sealed credentials: the URL, and any further variables the provider made. */
export interface AddonSecret {
  url: string;
  vars: Record<string, string>;
}

export const ADDON_NAME = /^[a-z][a-z0-9-]{1,48}[a-z0-9]$/;
const ALIAS = /^[A-Z][A-Z0-9_]{0,39}$/;

export function assertAlias(alias: string): void {
  if (!ALIAS.test(alias)) {
    throw new FifteenError(
      "ADDON_INVALID",
      `--as ${JSON.stringify(alias)} is not a variable prefix: use uppercase letters, digits and _ (e.g. REPORTING → REPORTING_URL).`,
    );
  }
  assertConfigKey(`${alias}_URL`);
}

/** The config vars an attachment under this alias sets. */
export function addonVars(alias: string, secret: AddonSecret): Record<string, string> {
  const vars: Record<string, string> = { [`${alias}_URL`]: secret.url };
  for (const [suffix, value] of Object.entries(secret.vars)) vars[`${alias}_${suffix}`] = value;
  return vars;
}

/** The config change that removes an attachment's variables. */
export function unsetAddonVars(alias: string, secret: AddonSecret): Record<string, null> {
  return Object.fromEntries(Object.keys(addonVars(alias, secret)).map((key) => [key, null]));
}

/** A name for a new add-on of this app: app-label-NNNN (not checked for being free). */
export function generateAddonName(app: App, alias: string): string {
  const label =
    alias === "DATABASE" ? "db" : alias.toLowerCase().replace(/_/g, "-").slice(0, 12).replace(/-+$/, "");
  return `${app.name}-${label}-${randomInt(1000, 10000)}`;
}
