// Permissions a route can require, which permission implies which, and the per-app roles users hold.
export const PERMISSIONS = ["app:read", "app:deploy", "app:admin", "app:owner", "platform:admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

const IMPLIES: Record<Permission, readonly Permission[]> = {
  "app:read": [],
  "app:deploy": ["app:read"],
  "app:admin": ["app:deploy", "app:read"],
  "app:owner": ["app:admin", "app:deploy", "app:read"],
  "platform:admin": ["app:owner", "app:admin", "app:deploy", "app:read"],
};

/** A user's role on one app, weakest first. */
export const ROLES = ["viewer", "deployer", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

/** The permission each role grants on its app (with everything that permission implies). */
export const ROLE_PERMISSION: Record<Role, Permission> = {
  viewer: "app:read",
  deployer: "app:deploy",
  admin: "app:admin",
  owner: "app:owner",
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Expands granted permissions with everything they imply. */
export function expand(granted: Iterable<Permission>): ReadonlySet<Permission> {
  const out = new Set<Permission>();
  for (const p of granted) {
    out.add(p);
    for (const implied of IMPLIES[p]) out.add(implied);
  }
  return out;
}
