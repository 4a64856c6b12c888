// The FIFTEEN_* settings there are, and the typo hint for one that is not (FIFTEEN_ROUTR_PORT: did you mean…).

/** Every setting the platform, the CLI or the platform's git hook reads. */
export const KNOWN_SETTINGS: ReadonlySet<string> = new Set([
  "FIFTEEN_API_HOST",
  "FIFTEEN_API_PORT",
  "FIFTEEN_DATA_DIR",
  "FIFTEEN_DATABASE_URL",
  "FIFTEEN_MASTER_KEY",
  "FIFTEEN_ADMIN_TOKEN",
  "FIFTEEN_BUILD_TIMEOUT_SECONDS",
  "FIFTEEN_MAX_SOURCE_MB",
  "FIFTEEN_MAX_UNPACKED_MB",
  "FIFTEEN_GRACE_SECONDS",
  "FIFTEEN_STOP_APPS_ON_EXIT",
  "FIFTEEN_BOOT_TIMEOUT_SECONDS",
  "FIFTEEN_RELEASE_TIMEOUT_SECONDS",
  "FIFTEEN_CRON_SECONDS",
  "FIFTEEN_POSTGRES_URL",
  "FIFTEEN_REDIS_URL",
  "FIFTEEN_REDIS_SERVER",
  "FIFTEEN_REDIS_PLAN",
  "FIFTEEN_LOG_LEVEL",
  "FIFTEEN_ROUTER_HOST",
  "FIFTEEN_ROUTER_PORT",
  "FIFTEEN_ROUTER_WORKERS",
  "FIFTEEN_ROUTER_TIMEOUT_SECONDS",
  "FIFTEEN_ROUTER_WEBSOCKET_IDLE_SECONDS",
  "FIFTEEN_ROUTER_HTTPS_PORT",
  "FIFTEEN_ROUTER_HTTPS_REDIRECT",
  "FIFTEEN_ROUTER_HSTS_MAX_AGE",
  "FIFTEEN_API_TLS_CERT",
  "FIFTEEN_NPMRC",
  "FIFTEEN_API_TLS_KEY",
  "FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT",
  "FIFTEEN_LOG_HISTORY_LINES",
  "FIFTEEN_LOG_HISTORY_DAYS",
  "FIFTEEN_DRAIN_BUFFER_LINES",
  "FIFTEEN_EGRESS_ALLOW",
  "FIFTEEN_METRICS_TOKEN",
  "FIFTEEN_METRICS_LISTEN",
  "FIFTEEN_APP_UID_BASE",
  "FIFTEEN_HOST_STATE_DIR",
  "FIFTEEN_DISK_LIMIT",
  "FIFTEEN_SANDBOX",
  "FIFTEEN_DATA_PLANE",
  "FIFTEEN_DEFAULT_MEMORY",
  "FIFTEEN_PROCESS_LIMIT",
  "FIFTEEN_BUILD_MEMORY",
  "FIFTEEN_BUILD_PROCESS_LIMIT",
  "FIFTEEN_TEST_POSTGRES_URL",
  "FIFTEEN_TEST_REDIS_URL",
  // read by the CLI, not the platform
  "FIFTEEN_API_URL",
  "FIFTEEN_TOKEN",
  "FIFTEEN_APP",
  // set by the platform for its own git hook
  "FIFTEEN_HOOK_API_URL",
  "FIFTEEN_HOOK_TOKEN",
  "FIFTEEN_HOOK_APP",
]);

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The known setting closest to `name`, if one is near enough to be the intended one (a typo, not a guess). */
export function closestSetting(name: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const known of KNOWN_SETTINGS) {
    const distance = editDistance(name, known);
    if (!best || distance < best.distance) best = { name: known, distance };
  }
  const allowed = Math.max(2, Math.floor((name.length - "FIFTEEN_".length) / 3));
  return best && best.distance <= allowed ? best.name : undefined;
}

/** The line `fifteen up` prints for a FIFTEEN_* variable it does not know. */
export function unknownSettingWarning(name: string): string {
  const closest = closestSetting(name);
  return closest
    ? `${name} is not a setting; did you mean ${closest}? It is ignored.`
    : `${name} is not a setting and is ignored (docs/settings.md lists them all).`;
}
