// Authorization: whether a principal may use a permission, on the platform or on one app.
import { FifteenError } from "../shared/errors.js";
import { expand, ROLE_PERMISSION, type Permission } from "./permissions.js";
import type { App, Principal } from "./types.js";

const NONE: ReadonlySet<Permission> = new Set();

/** Whether the app exists for this principal at all: a token limited to another app, or a user without a role, sees nothing. */
export function canSeeApp(principal: Principal, app: Pick<App, "id">): boolean {
  if (principal.appId !== null && principal.appId !== app.id) return false;
  return principal.roles === null || principal.roles.has(app.id);
}

/** What the principal may do on one app: the token's grant, capped by the user's role there. */
export function permissionsOn(principal: Principal, app: Pick<App, "id">): ReadonlySet<Permission> {
  if (!canSeeApp(principal, app)) return NONE;
  const role = principal.roles?.get(app.id);
  if (role === undefined) return principal.permissions;
  const allowed = expand([ROLE_PERMISSION[role]]);
  return new Set([...principal.permissions].filter((p) => allowed.has(p)));
}

export function can(principal: Principal, permission: Permission, app: Pick<App, "id">): boolean {
  return permissionsOn(principal, app).has(permission);
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
export function requireApp(principal: Principal, app: App | undefined, name: string, permission: Permission) {
  if (!app || !canSeeApp(principal, app)) {
    throw new FifteenError("APP_NOT_FOUND", `No app named "${name}". List yours with \`fifteen apps\`.`);
  }
  if (!can(principal, permission, app)) {
    const role = principal.roles?.get(app.id);
    throw new FifteenError(
      "FORBIDDEN",
      role === undefined
        ? `This token lacks the ${permission} permission on app "${name}".`
        : `Your role on "${name}" is ${role}, which does not include ${permission}; an owner or admin can change it with \`fifteen access:add\`.`,
    );
  }
  return app;
}
