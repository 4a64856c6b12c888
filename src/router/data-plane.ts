// The data plane: what carries app traffic, seen from the control plane. Two implement it: the Node router
// (`RouterSupervisor`, its own process: router/main.ts) and HAProxy (`HaproxyPlane`, router/haproxy/), chosen
// by FIFTEEN_DATA_PLANE (router/choose-plane.ts). The reconciler sees only its `RouteSink` half; the platform
// starts, stops and hands it off as one of its components.
import type { RouteSink } from "../runtime/route-publisher.js";
import type { HostCertificate } from "../shared/route-table.js";

export type DataPlaneKind = "node" | "haproxy";

/** The data plane's process died without being asked to: the platform starts a new one at once. */
export interface DataPlaneCrash {
  pid: number;
  at: Date;
  /** Once the new one listens: how long the port went unserved (undefined while it is not back). */
  restartedMs?: number;
  /** Why the restart failed, when it did. */
  error?: string;
}

export interface DataPlane extends RouteSink {
  readonly kind: DataPlaneKind;
  /**
   * Adopts the data plane an earlier run left serving, or starts one, and gives it the last saved table;
   * resolves with the HTTP port once it listens. Refuses a taken port with PORT_IN_USE naming the setting.
   */
  init(): Promise<number>;
  /** Every host's certificate, swapped in live (and given again to a restarted data plane). */
  publishCerts(certs: HostCertificate[]): void;
  /** Asks it to keep serving after the platform exits (a handoff), until the next start adopts it. */
  outlive(): void;
  /** Stops it and waits until it is gone (a normal shutdown with --stop-apps, or a failed start). */
  stop(): Promise<void>;
  /** A platform restart: it keeps serving its last table; only the platform's end of the link closes. */
  handOff(): Promise<void>;
  readonly port: number;
  /** The HTTPS port, once listening; undefined when FIFTEEN_ROUTER_HTTPS_PORT is not set. */
  readonly httpsPort: number | undefined;
  /** Whether it is up and listening (for /readyz). */
  readonly running: boolean;
  /** The last crash this run saw, for /readyz and `fifteen doctor`. */
  readonly lastCrash: DataPlaneCrash | undefined;
  /**
   * Stops what the other kind of plane left serving in this data dir (FIFTEEN_DATA_PLANE changed between runs),
   * so that this one can take the port; nothing to do when there is none.
   */
  retire(): Promise<void>;
  readonly pid: number | undefined;
}

/** The plane's name as people know it. */
export function planeName(kind: DataPlaneKind): string {
  return kind === "haproxy" ? "HAProxy" : "the Node router";
}

/** /readyz's router check: up or not, and the last crash this run saw, if any. */
export function planeHealth(plane: DataPlane): { ok: boolean; detail: string } {
  const name = planeName(plane.kind);
  const crash = plane.lastCrash;
  if (!plane.running)
    return {
      ok: false,
      detail: crash
        ? `${name} crashed at ${crash.at.toISOString()} and is being started again${crash.error ? ` (last try: ${crash.error})` : ""}`
        : `${name} is not running`,
    };
  const since = crash
    ? `; it crashed at ${crash.at.toISOString()} and served again ${crash.restartedMs ?? "?"} ms later`
    : "";
  return { ok: true, detail: `${name} serves${since}` };
}
