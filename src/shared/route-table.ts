// The route table the control plane sends the router: Host → app, its status and its up web backends.

export type RouteStatus = "ok" | "not-deployed" | "failed" | "no-web" | "starting" | "crashed";

export interface RouteBackend {
  /** The process instance id, for draining; stable while the process runs (session affinity cookies name it). */
  id: string;
  /** e.g. web.2 */
  process: string;
  port: number;
}

export interface AppRoute {
  appId: string;
  app: string;
  status: RouteStatus;
  /** Status "failed": the app has no live release, and its newest one failed for this reason. */
  failed?: { version: number; failure: string };
  backends: RouteBackend[];
  /** Maintenance mode: every request gets the maintenance page (503), whatever the status and backends. */
  maintenance?: boolean;
  /**
   * Session affinity (the http-session-affinity feature): a client's requests go to the backend its signed
   * cookie names while that backend is in the route, else to another one, and the cookie is replaced.
   */
  affinity?: boolean;
}

export interface RouteTable {
  /** Increases with every table the control plane sends. */
  version: number;
  /** Host name (no port) → route. */
  hosts: Record<string, AppRoute>;
}

/** A host's TLS certificate as the router gets it (over IPC only): the PEM chain and the unsealed key. */
export interface HostCertificate {
  hostname: string;
  appId: string;
  /** The leaf certificate first, then any intermediates. */
  cert: string;
  key: string;
}
