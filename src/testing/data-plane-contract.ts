// The DataPlane contract: what docs/router.md and docs/tls.md promise, checked with real backends, real requests
// and raw sockets against a running plane. Every data plane runs this same suite with its own factory (the Node
// router in router/node-plane.contract.test.ts), as every runtime driver runs the driver contract. A new plane
// plugs in with one file, `dataPlaneContract("haproxy", ({ config, dataDir, onAccess }) => new ItsPlane(...))`;
// a plane that cannot run here (a binary missing) skips by not calling it. A third argument names the topics the
// plane does not implement yet (`pending`) and the cases it answers otherwise by design (`differences`).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, type TestContext } from "node:test";
import { loadRouterConfig, type RouterConfig } from "../config/index.js";
import type { DataPlane } from "../router/data-plane.js";
import { SERVED_HOST } from "../router/host-rules.cases.js";
import type { AccessLog } from "../router/proxy.js";
import type { WebSocketCount } from "../router/tunnels.js";
import type { AppRoute, HostCertificate, RouteStatus } from "../shared/route-table.js";
import { issue, selfSigned, type PemFiles } from "./certs.js";
import { Backend, refusingPort } from "./data-plane/backends.js";
import { head, raw, waitFor, type RawAnswer } from "./data-plane/clients.js";
import { headerCases } from "./data-plane/headers.js";
import { realtimeCases } from "./data-plane/realtime.js";
import { routingCases } from "./data-plane/routing.js";
import { smugglingCases } from "./data-plane/smuggling.js";
import { tlsCases } from "./data-plane/tls.js";

export interface DataPlaneFactoryOptions {
  /** The plane's settings, as the platform would load them from FIFTEEN_ROUTER_* (ports 0: any free one). */
  config: RouterConfig;
  /** A fresh temporary directory, the plane's data dir (its sockets, saved table and pid files go there). */
  dataDir: string;
  /** Where the plane delivers each access line, as the platform's `onAccess` would get it. */
  onAccess(entry: AccessLog): void;
  /** Where the plane reports its open WebSockets per process, as the platform's `onWebSockets` would get them. */
  onWebSockets(counts: WebSocketCount[]): void;
}

/** Topics a plane does not implement yet: each one's cases are skipped with this reason, printed in the report. */
export interface PendingTopics {
  /** HTTPS: certificates by SNI, the redirect from HTTP, HSTS, wss://. */
  tls?: string;
  /** Access lines: the "access lines" cases, and the access-line half of the routing and redirect cases. */
  accessLines?: string;
  /** Session affinity by the signed cookie, WebSocket handshakes included. */
  affinity?: string;
  /** Server-sent events and chunked responses passed on unbuffered. */
  streaming?: string;
  /** Clean WebSocket closes (1001) when their process goes away. */
  websocketCloses?: string;
}

export interface ContractOptions {
  pending?: PendingTopics;
  /**
   * Cases this plane answers otherwise by design, by case name, each with its reason: skipped with
   * "difference: <reason>" (a smuggling case still checks that the connection closes and nothing hidden reaches
   * an app). Only for what the plane cannot do otherwise (its parser's own rules), never for a bug.
   */
  differences?: Record<string, string>;
}

/** Makes a plane that is not started yet: the suite calls init(), publishes, and stop()s it at the end. */
export type DataPlaneFactory = (options: DataPlaneFactoryOptions) => DataPlane | Promise<DataPlane>;

/** The settings every plane is run with: a short timeout (504 in a second), HTTPS with redirect and HSTS. */
export const CONTRACT_SETTINGS = {
  FIFTEEN_ROUTER_HOST: "127.0.0.1",
  FIFTEEN_ROUTER_PORT: "0",
  FIFTEEN_ROUTER_TIMEOUT_SECONDS: "1",
  FIFTEEN_ROUTER_HTTPS_PORT: "0",
  FIFTEEN_ROUTER_HTTPS_REDIRECT: "true",
  FIFTEEN_ROUTER_HSTS_MAX_AGE: "300",
} as const;

/** A route for app NAME (at NAME.localhost) to these backends, web.1, web.2… */
function route(name: string, backends: Array<Backend | number>, status: RouteStatus = "ok"): AppRoute {
  return {
    appId: `app-${name}`,
    app: name,
    status,
    backends: backends.map((b, i) => {
      const port = typeof b === "number" ? b : b.port;
      return { id: `${name}-${i + 1}`, process: `web.${i + 1}`, port };
    }),
  };
}

/** What the topic suites share: the running plane, its backends and certificates, and what it logged. */
export class ContractPlane {
  plane!: DataPlane;
  port = 0;
  httpsPort = 0;
  readonly access: AccessLog[] = [];
  /** The plane's last report of open WebSockets per process. */
  websockets: WebSocketCount[] = [];
  /** Two apps' processes; `a` serves every single-process app. */
  readonly a = new Backend("a");
  readonly b = new Backend("b");
  ca!: PemFiles;
  /** The certificates published at start: tls.localhost and tls-down.localhost. */
  certs: HostCertificate[] = [];
  /** A certificate for live.localhost, published by the TLS tests only. */
  liveCert!: HostCertificate;
  /** The plane's answer to a request before it had any table. */
  beforeTable!: RawAnswer;
  routes: Record<string, AppRoute> = {};
  dataDir = "";

  constructor(readonly options: ContractOptions = {}) {}

  /** The `it` options of a case: skipped when this plane answers it otherwise by design. */
  caseOptions(name: string): { skip?: string } {
    const reason = this.options.differences?.[name];
    return reason ? { skip: `difference: ${reason}` } : {};
  }

  /** The `describe` options of a topic: skipped while the plane does not implement it yet. */
  topicOptions(topic: keyof PendingTopics): { skip?: string } {
    const reason = this.options.pending?.[topic];
    return reason ? { skip: `pending: ${reason}` } : {};
  }

  async start(factory: DataPlaneFactory): Promise<void> {
    this.dataDir = await mkdtemp(join(tmpdir(), "fifteen-plane-"));
    await Promise.all([this.a.listen(), this.b.listen()]);
    this.ca = await selfSigned(this.dataDir, "ca", ["DNS:contract-ca"]);
    const cert = async (hostname: string): Promise<HostCertificate> => {
      const pem = await issue(this.ca, this.dataDir, hostname, [`DNS:${hostname}`]);
      return { hostname, appId: `app-${hostname.split(".")[0]}`, cert: pem.cert, key: pem.key };
    };
    this.certs = [await cert("tls.localhost"), await cert("tls-down.localhost")];
    this.liveCert = await cert("live.localhost");
    const { a, b } = this;
    const dead = await refusingPort();
    const routes = [
      route("shop", [a]),
      route("one", [a]),
      route("rr", [a, b]),
      route("drain", [a]),
      route("refused", [dead]),
      route("retry", [dead, a]),
      route("tls", [a]),
      route("live", [a]),
      route("tls-down", [], "crashed"),
      { ...route("maintenance", [a]), maintenance: true },
      { ...route("failed", [], "failed"), failed: { version: 3, failure: "the build failed" } },
      ...(["not-deployed", "no-web", "starting", "crashed"] as const).map((s) => route(s, [], s)),
    ];
    this.routes = Object.fromEntries(routes.map((r) => [`${r.app}.localhost`, r]));
    const config = loadRouterConfig({ ...CONTRACT_SETTINGS });
    this.plane = await factory({
      config,
      dataDir: this.dataDir,
      onAccess: (e) => this.access.push(e),
      onWebSockets: (counts) => (this.websockets = counts),
    });
    this.port = await this.plane.init();
    this.httpsPort = this.plane.httpsPort ?? 0;
    this.beforeTable = await raw(this.port, head(["GET / HTTP/1.1", `Host: ${SERVED_HOST}`]));
    this.publish();
    this.plane.publishCerts(this.certs);
    await waitFor("the first table to be served", async () => {
      const answer = await raw(this.port, head(["GET / HTTP/1.1", "Host: one.localhost"]));
      return answer.statuses[0] === 200;
    });
  }

  /** Publishes the routes with these changes (undefined: the host is dropped), and keeps them for the next. */
  publish(changes: Record<string, AppRoute | undefined> = {}): void {
    for (const [host, changed] of Object.entries(changes)) {
      if (changed) this.routes[host] = changed;
      else delete this.routes[host];
    }
    // The plane stamps its own versions.
    this.plane.publish({ version: 0, hosts: { ...this.routes } });
  }

  /**
   * Checks the access line of the request with this id matches `pattern`; while access lines are pending for
   * this plane, only notes (as a diagnostic) that the check was left out.
   */
  async expectAccessLine(requestId: string, pattern: RegExp, t?: TestContext): Promise<void> {
    const pending = this.options.pending?.accessLines;
    if (pending) {
      t?.diagnostic(`access line not checked (pending: ${pending})`);
      return;
    }
    const line = await this.accessLine(requestId);
    assert.match(line.text, pattern);
  }

  /** The access line of the request with this id, once it arrived. */
  async accessLine(requestId: string): Promise<AccessLog> {
    const find = () => this.access.find((e) => e.text.includes(` request_id=${requestId} `));
    await waitFor(`the access line of ${requestId}`, () => find() !== undefined);
    return find() as AccessLog;
  }

  async stop(): Promise<void> {
    await this.plane?.stop();
    await Promise.all([this.a.close(), this.b.close()]);
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Runs the whole contract against the planes `factory` makes (one plane, started once, for every topic). */
export function dataPlaneContract(
  name: string,
  factory: DataPlaneFactory,
  options: ContractOptions = {},
): void {
  // A plane that hangs fails the suite rather than the whole test run.
  describe(`data plane contract: ${name}`, { timeout: 50_000 }, () => {
    const c = new ContractPlane(options);
    before(() => c.start(factory));
    after(() => c.stop());
    routingCases(c);
    headerCases(c);
    tlsCases(c);
    smugglingCases(c);
    realtimeCases(c);
  });
}
