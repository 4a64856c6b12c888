// Authorization: whether a principal may use a permission, on the platform or on one app.
import { FifteenError } from "../shared/errors.js";
import type { AppRow } from "../store/index.js";
import type { Permission } from "./permissions.js";
import type { Principal } from "./types.js";

export function canSeeApp(principal: Principal, app: Pick<AppRow, "id">): boolean {
  return principal.appId === null || principal.appId === app.id;
}

/** Throws FORBIDDEN unless the principal holds the permission platform-wide (not limited to one app). */
export function requirePlatform(principal: Principal, permission: Permission): void {
  if (principal.appId !== null || !principal.permissions.has(permission)) {
    throw new FifteenError(
      "FORBIDDEN",
      `This token lacks the ${permission} permission for the whole platform.`,
    );
  }
}

/**
 * Throws APP_NOT_FOUND when the app is invisible to the principal (so names cannot be probed),
 * FORBIDDEN when it is visible but the permission is missing.
 */
export function requireApp(
  principal: Principal,
  app: AppRow | undefined,
  name: string,
  permission: Permission,
) {
  if (!app || !canSeeApp(principal, app)) {
    throw new FifteenError("APP_NOT_FOUND", `No app named "${name}". List yours with \`fifteen apps\`.`);
  }
  if (!principal.permissions.has(permission)) {
    throw new FifteenError("FORBIDDEN", `This token lacks the ${permission} permission on app "${name}".`);
  }
  return app;
}
