// Permissions a route can require, and which permission implies which.
export const PERMISSIONS = ["app:read", "app:deploy", "app:admin", "platform:admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

const IMPLIES: Record<Permission, readonly Permission[]> = {
  "app:read": [],
  "app:deploy": ["app:read"],
  "app:admin": ["app:deploy", "app:read"],
  "platform:admin": ["app:admin", "app:deploy", "app:read"],
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
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
