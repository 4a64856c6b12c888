// The data plane: what carries app traffic, seen from the control plane. Two implement it: the Node router
// (`RouterSupervisor`, its own process: router/main.ts) and HAProxy (issue 18, in progress). The reconciler
// sees only its `RouteSink` half; the platform starts, stops and hands it off as one of its components.
import type { RouteSink } from "../runtime/route-publisher.js";
import type { HostCertificate } from "../shared/route-table.js";

export type DataPlaneKind = "node" | "haproxy";

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
  readonly pid: number | undefined;
}
