// The HAProxy data plane's generated files, pure: haproxy.cfg from the router settings and the backends' slots,
// and the host map from a route table. Nothing a user typed reaches them unchecked: host names, app ids and
// names are held to strict patterns (refused otherwise), free text (a failed release's reason) goes in base64.
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { AppRoute, RouteTable } from "../../shared/route-table.js";
import { ACCESS_LOG_FORMAT, PATH_LIMIT } from "./access-log.js";
import { backendName, serverName } from "./names.js";
import { traceRules } from "./trace-rules.js";
import { RELAY_BACKEND, RELAY_SERVER } from "./websocket-relay.js";
import { AFFINITY_COOKIE } from "../affinity.js";
import { MAINTENANCE_RETRY_AFTER, PAGES, pageText, STARTING_RETRY_AFTER } from "../pages.js";

export interface HaproxySettings {
  /** Interface and port to listen on (FIFTEEN_ROUTER_HOST, the port already chosen: never 0 here). */
  host: string;
  port: number;
  /** FIFTEEN_ROUTER_TIMEOUT_SECONDS: idle timeout towards a process (504). */
  timeoutSeconds: number;
  /** FIFTEEN_ROUTER_WEBSOCKET_IDLE_SECONDS: an open WebSocket with no traffic either way this long is closed. */
  websocketIdleSeconds: number;
  /** FIFTEEN_ROUTER_WORKERS: HAProxy's threads (its worker is one process). */
  threads: number;
  /** `<dataDir>/haproxy`: the config, the map, the Lua file and the sockets. */
  dir: string;
  /**
   * Marks the 503 HAProxy makes itself when no process of an ok app took the connection, so that it (and not
   * an app's own 503) becomes the 502 page. Random per start, so an app cannot forge it.
   */
  errorToken: string;
  /** HTTPS, when FIFTEEN_ROUTER_HTTPS_PORT is set: its port (chosen, never 0), the redirect and HSTS settings. */
  tls?: HaproxyTls | undefined;
  /** HAProxy sends access lines to the plane's socket (`access.sock`, access-log.ts); false: it logs nothing. */
  accessLog: boolean;
}

export interface HaproxyTls {
  port: number;
  /** FIFTEEN_ROUTER_HTTPS_REDIRECT: plain HTTP for a host with a certificate gets 301/308 to https://. */
  redirect: boolean;
  /** FIFTEEN_ROUTER_HSTS_MAX_AGE (0: no Strict-Transport-Security). */
  hstsMaxAge: number;
}

/** One app's backend: its slots, each a process port or free (kept disabled until the runtime API sets it). */
export interface BackendSlots {
  appId: string;
  slots: readonly (number | undefined)[];
}

/**
 * Where HAProxy reads the certificates' keys from: a directory in RAM (/dev/shm), one per data dir, never the
 * disk. The store keeps keys sealed at rest; HAProxy needs them in the clear, so they live only in memory (a
 * reboot clears them, and the next start writes them again from the store).
 */
export function keysDir(dir: string): string {
  return join("/dev/shm", `fifteen-haproxy-${createHash("sha256").update(dir).digest("hex").slice(0, 16)}`);
}

/** The files under `<dataDir>/haproxy/`, and the keys' directory in RAM. */
export function haproxyFiles(dir: string) {
  return {
    dir,
    config: join(dir, "haproxy.cfg"),
    map: join(dir, "hosts.map"),
    admin: join(dir, "admin.sock"),
    master: join(dir, "master.sock"),
    access: join(dir, "access.sock"),
    relay: join(dir, "relay.sock"),
    affinity: join(dir, "affinity.map"),
    affinityServers: join(dir, "affinity-servers.map"),
    pid: join(dir, "haproxy.pid"),
    log: join(dir, "haproxy.log"),
    settings: join(dir, "settings.json"),
    certs: keysDir(dir),
    crtList: join(dir, "certs.list"),
    tlsHosts: join(dir, "tls-hosts.map"),
  };
}

/** The map key whose presence says a table was published (until then every request gets 503 `starting`). */
export const TABLE_KEY = "*table";

// The host-name rule of domains (core/domains.ts), plus the `NAME.localhost` names: labels of letters, digits
// and inner hyphens, at least two of them.
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})+$`);
const APP_NAME = /^[a-z][a-z0-9-]{0,62}$/;
/** What may appear in a path or a socket address in the config: no spaces, quotes, commas or parentheses. */
const SAFE_PATH = /^\/[A-Za-z0-9/._-]+$/;
const BIND_HOST = /^(?:[0-9.]+|[0-9a-f:]+|[a-z0-9.-]+)$/i;

function refuse(what: string, value: string): never {
  throw new Error(`refusing ${what} ${JSON.stringify(value)} in the HAProxy config`);
}

export function checkHost(host: string): string {
  return HOST_NAME.test(host) ? host : refuse("host name", host);
}

/**
 * A host's map value, `state:app:backend:text` (no field holds a colon): the state is `ok`, `maintenance` or
 * the page's name; the text (base64) is the failed page's, which names the release's reason.
 */
export function mapValue(route: AppRoute): string {
  if (!APP_NAME.test(route.app)) refuse("app name", route.app);
  const state = route.maintenance ? "maintenance" : route.status;
  const text = state === "failed" ? Buffer.from(pageText("failed", route)).toString("base64") : "-";
  // The fifth field marks a route with session affinity (affinity-maps.ts).
  return `${state}:${route.app}:${backendName(route.appId)}:${text}:${route.affinity ? "a" : "-"}`;
}

/**
 * Every map entry a table makes: host → value, plus the table marker. A host the rules refuse is left out
 * (it gets the 404 page) and reported.
 */
export function mapEntries(
  table: RouteTable,
  refused: (host: string, err: unknown) => void = () => undefined,
): Map<string, string> {
  const entries = new Map<string, string>([[TABLE_KEY, "yes"]]);
  for (const [host, route] of Object.entries(table.hosts)) {
    try {
      entries.set(checkHost(host), mapValue(route));
    } catch (err) {
      refused(host, err);
    }
  }
  return entries;
}

/** The map file HAProxy loads at start and at each reload: one `key value` a line. */
export function mapFile(entries: ReadonlyMap<string, string>): string {
  return [...entries].map(([key, value]) => `${key} ${value}\n`).join("");
}

/**
 * A constant text in a double-quoted log-format string: backslashes and quotes escaped for the config parser,
 * `%` for the log format; `$` (environment expansion) is refused rather than escaped.
 */
function lfText(text: string): string {
  if (text.includes("$")) refuse("text", text);
  return text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/%/g, "%%");
}

const TEXT = '"text/plain; charset=utf-8"';
/** How long an old worker may keep serving its connections after a reload. */
const OLD_WORKER_SECONDS = 900;
/** The access lines' ring (accessRing), the longest line it takes, and its size: about 7,000 lines. */
const RING = "fifteen_access";
const LINE_LIMIT = 8192;
const RING_BYTES = 2 * 1024 * 1024;
const REQUEST_ID_HEADER = 'hdr x-request-id "%[var(txn.reqid)]"';

/** A plain-text page answered by the frontend: the same status and text as the Node router's. */
function pageRule(page: string, condition: string, extra = ""): string {
  const byCode = condition === "" ? "" : `if { var(txn.code) -m str ${page} }`;
  return `${codeRule(page, condition)}\n${pageReturn(page, byCode, extra)}`;
}

/** The page's answer, under `condition` (the page's code, set by its condition). */
function pageReturn(page: string, condition: string, extra = ""): string {
  const [status, text] = PAGES[page] ?? [503, page];
  return `  http-request return status ${status} content-type ${TEXT} lf-string "${lfText(text)}\\n" ${REQUEST_ID_HEADER}${extra} ${condition}`.trimEnd();
}

/** An error HAProxy makes itself (502, 504, and the 503 turned into 502), with the router's page. */
function errorRule(status: number, page: string, marker = ""): string {
  const text = PAGES[page]?.[1] ?? page;
  return `  http-error status ${status} content-type ${TEXT} lf-string "${lfText(text)}\\n" ${REQUEST_ID_HEADER}${marker}`;
}

/** Names the page in the access line (`code=`), under the same condition as the page's return. */
function codeRule(code: string, condition: string): string {
  return `  http-request set-var(txn.code) str(${code}) ${condition}`.trimEnd();
}

/** Access lines (access-log.ts): into the ring below, with what the log-format needs kept in vars. */
function accessLogRules(accessLog: boolean): string[] {
  if (!accessLog) return [];
  return [
    `  log ring@${RING} len ${LINE_LIMIT} format raw local0`,
    "  option dontlognull",
    `  log-format "${ACCESS_LOG_FORMAT}"`,
    `  http-request set-var(txn.logpath) pathq,bytes(0,${PATH_LIMIT}),base64`,
    "  http-request set-var(txn.loglength) req.fhdr(content-length) if { req.fhdr_cnt(content-length) eq 1 }",
    "  http-request set-var(txn.logupgrade) int(1) if { req.hdr_cnt(upgrade) gt 0 }",
    // The response head as the process sent it, before any rule changes it: what %B counts (access-log.ts).
    "  http-response set-var(txn.loghead) res.hdrs,length",
    "  http-response set-var(txn.loghdrs) res.fhdr_cnt",
    "  http-response set-var(txn.logchunked) res.fhdr_cnt(transfer-encoding)",
  ];
}

/**
 * The ring HAProxy's worker writes access lines into and forwards, a line each, over one stream to the plane's
 * socket: batched, where a datagram a request cost a system call on each side. A fixed-size buffer in memory:
 * while the platform is away (a restart) it keeps the newest lines, and nothing grows on disk.
 */
function accessRing(accessLog: boolean, socket: string): string[] {
  if (!accessLog) return [];
  return [
    `ring ${RING}`,
    "  format raw",
    `  maxlen ${LINE_LIMIT}`,
    `  size ${RING_BYTES}`,
    "  timeout connect 1s",
    "  timeout server 24d",
    `  server platform unix@${socket}`,
    "",
  ];
}

function maintenanceRules(): string[] {
  const message = PAGES.maintenance?.[1] ?? "";
  const json = `{\\"id\\":\\"maintenance\\",\\"app\\":\\"%[var(txn.route),field(2,:)]\\",\\"message\\":\\"${lfText(message)}\\"}\\n`;
  // pages.ts's maintenanceHtml, with the (validated) app name put in by HAProxy.
  const html =
    `<!doctype html>\\n<html lang=\\"en\\"><head><meta charset=\\"utf-8\\"><meta name=\\"viewport\\" content=\\"width=device-width, initial-scale=1\\">` +
    `<title>%[var(txn.route),field(2,:)]: down for maintenance</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32em;margin:15vh auto;padding:0 1em;color:#333}</style></head>` +
    `<body><h1>Down for maintenance</h1><p>%[var(txn.route),field(2,:)] is undergoing maintenance and will be back shortly. Please try again in a few minutes.</p></body></html>\\n`;
  const headers = `hdr retry-after ${MAINTENANCE_RETRY_AFTER} hdr cache-control no-store ${REQUEST_ID_HEADER}`;
  return [
    "  acl wants_json req.fhdr(accept),lower -m sub application/json",
    "  acl wants_html req.fhdr(accept),lower -m sub text/html",
    `  http-request return status 503 content-type "application/json; charset=utf-8" lf-string "${json}" ${headers} if maintenance wants_json !wants_html`,
    `  http-request return status 503 content-type "text/html; charset=utf-8" lf-string "${html}" ${headers} if maintenance`,
  ];
}

/**
 * Session affinity (affinity-maps.ts) for a route marked with it: the process the request's cookie names, if the
 * maps know the cookie; the answer sets the cookie of the process that served it when that is another one.
 */
function affinityRules(files: ReturnType<typeof haproxyFiles>): string[] {
  const cookie = `${AFFINITY_COOKIE}=%[var(txn.affnew)]; Path=/; HttpOnly; SameSite=Lax`;
  const renewed = "{ var(txn.affnew) -m found }";
  return [
    // The route's mark read once: the rules below test a variable, not a field of the route each time.
    "  http-request set-var(txn.affinity) bool(1) if { var(txn.route),field(5,:) -m str a }",
    "  acl affinity_route var(txn.affinity) -m found",
    `  http-request set-var(txn.affsrv) req.cook(${AFFINITY_COOKIE}),map(${files.affinity}) if affinity_route`,
    "  http-response set-var-fmt(txn.served) %[be_name]/%[srv_name] if affinity_route",
    `  http-response set-var(txn.affnew) var(txn.served),map(${files.affinityServers}) if affinity_route !{ var(txn.served),strcmp(txn.affsrv) eq 0 }`,
    `  http-response add-header set-cookie "${cookie}" if ${renewed} !{ ssl_fc }`,
    `  http-response add-header set-cookie "${cookie}; Secure" if ${renewed} { ssl_fc }`,
  ];
}

/** The stick table counting open WebSockets by `app_<id>/sN` (the plane reads it through the runtime API). */
export const WEBSOCKET_TABLE = "fifteen_websockets";

/**
 * An upgraded connection is tracked by its backend and server from the 101 on, until it closes: the table's
 * `conn_cur` of a server is its process's open WebSockets. Other responses pass one status check.
 */
function websocketCountRules(): string[] {
  return [
    `  http-response set-var(txn.wsserver) srv_name if { status 101 } !{ be_name -m str ${RELAY_BACKEND} }`,
    // The relay counts what it carries itself.
    `  http-response track-sc0 be_name,concat(/,txn.wsserver) table ${WEBSOCKET_TABLE} if { status 101 } !{ be_name -m str ${RELAY_BACKEND} }`,
  ];
}

/**
 * A WebSocket handshake goes to the relay while it is up (its health check, or the plane marking it down for a
 * platform restart); otherwise, as any other request, straight to a process of the app.
 */
function relayRule(): string {
  return `  use_backend ${RELAY_BACKEND} if { req.hdr(upgrade),lower -m str websocket } { req.hdr(connection),lower -m sub upgrade } { nbsrv(${RELAY_BACKEND}) gt 0 }`;
}

/**
 * The relay's backend: one connection per handshake, never reused. The relay closes an idle WebSocket itself
 * (1001) at FIFTEEN_ROUTER_WEBSOCKET_IDLE_SECONDS; HAProxy's own tunnel timeout here is only a backstop.
 */
function relaySection(socket: string, websocketIdleSeconds: number, errorToken: string): string[] {
  return [
    `backend ${RELAY_BACKEND}`,
    "  option http-server-close",
    "  http-reuse never",
    `  timeout tunnel ${websocketIdleSeconds + RELAY_TUNNEL_SLACK_SECONDS}s`,
    `  server ${RELAY_SERVER} unix@${socket} check inter 2s fall 1 rise 1`,
    `  http-after-response set-status 502 if { res.hdr(x-fifteen-error) -m str ${errorToken} }`,
    "",
  ];
}

/** How much longer HAProxy lets a relayed WebSocket sit idle than the relay does. */
const RELAY_TUNNEL_SLACK_SECONDS = 10;

/** How the listener binds: an IPv6 address needs its family named. */
function bindAddress(host: string, port: number): string {
  if (!BIND_HOST.test(host)) refuse("router host", host);
  if (!Number.isInteger(port) || port < 1 || port > 65535) refuse("port", String(port));
  return host.includes(":") ? `ipv6@${host}:${port}` : `${host}:${port}`;
}

function backendSection({ appId, slots }: BackendSlots): string[] {
  const backend = backendName(appId);
  const lines = [`backend ${backend}`, "  balance roundrobin"];
  // Session affinity: the slot the request's cookie names (affinity-maps.ts), while its server is up.
  slots.forEach((_, slot) =>
    lines.push(
      `  use-server ${serverName(slot)} if { var(txn.affsrv) -m str ${backend}/${serverName(slot)} }`,
    ),
  );
  slots.forEach((port, slot) => {
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
      refuse("port", String(port));
    lines.push(
      port === undefined
        ? `  server ${serverName(slot)} 127.0.0.1:1 disabled`
        : `  server ${serverName(slot)} 127.0.0.1:${port}`,
    );
  });
  return lines;
}

/** The authority a request may name: a host name or bracketed IP literal, with no port or the listener's. */
function authority(port: number): string {
  return `^([a-z0-9_.-]+|\\[[0-9a-f:.]+\\])(:${port})?$`;
}

/**
 * HTTPS (docs/tls.md): a listener serving the crt-list's certificates by SNI (strict: an unknown name or none
 * gets no certificate, the handshake fails, as in the Node router); hosts in the TLS hosts map are redirected
 * from plain HTTP (301 for GET and HEAD, 308 otherwise) and get HSTS over HTTPS unless the app sent its own.
 */
function tlsRules(host: string, tls: HaproxyTls | undefined, files: ReturnType<typeof haproxyFiles>) {
  if (!tls) return { bind: [], shape: [], mark: [], redirect: [], hsts: [] };
  const { port, redirect, hstsMaxAge } = tls;
  if (!Number.isInteger(hstsMaxAge) || hstsMaxAge < 0) refuse("HSTS max-age", String(hstsMaxAge));
  const target = `https://%[var(txn.host)]${port === 443 ? "" : `:${port}`}%[pathq]`;
  // A WebSocket upgrade is not redirected: clients do not follow redirects there.
  const marked = "!{ ssl_fc } { var(txn.tls) -m found } !{ var(txn.upgrade) -m found }";
  return {
    bind: [`  bind ${bindAddress(host, port)} ssl crt-list ${files.crtList} strict-sni alpn http/1.1`],
    shape: [`  acl tls_host_shape req.fhdr(host),lower -m reg ${authority(port)}`],
    mark: [
      `  http-request set-var(txn.tls) str(yes) if { var(txn.host),map(${files.tlsHosts}) -m found }`,
      "  http-request set-var(txn.upgrade) str(yes) if { req.fhdr_cnt(upgrade) gt 0 } { req.hdr(connection) -m sub -i upgrade }",
    ],
    redirect: redirect
      ? [
          `  http-request redirect location ${target} code 301 if ${marked} METH_GET`,
          `  http-request redirect location ${target} code 308 if ${marked}`,
        ]
      : [],
    // After the app's response: an app that sends its own (includeSubDomains, preload) wins.
    hsts:
      hstsMaxAge > 0
        ? [
            `  http-after-response set-header strict-transport-security max-age=${hstsMaxAge} if { ssl_fc } { var(txn.tls) -m found } !{ res.hdr_cnt(strict-transport-security) gt 0 }`,
          ]
        : [],
  };
}

/** haproxy.cfg: master-worker, one frontend routing by the host map, one backend per app. */
export function haproxyConfig(settings: HaproxySettings, backends: readonly BackendSlots[]): string {
  const { host, port, timeoutSeconds, websocketIdleSeconds, threads, dir, errorToken } = settings;
  if (!SAFE_PATH.test(dir)) refuse("data dir", dir);
  if (!/^[a-f0-9]{16,64}$/.test(errorToken)) refuse("error token", errorToken);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) refuse("timeout", String(timeoutSeconds));
  if (!Number.isInteger(websocketIdleSeconds) || websocketIdleSeconds < 1)
    refuse("WebSocket idle timeout", String(websocketIdleSeconds));
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) refuse("threads", String(threads));
  const files = haproxyFiles(dir);
  const map = files.map;
  const tls = tlsRules(host, settings.tls, files);
  const pages = ["not-deployed", "no-web", "starting", "crashed"];
  const marker = ` hdr x-fifteen-error ${errorToken}`;
  return [
    "# Generated by Fifteen (src/router/haproxy/config.ts): do not edit, it is rewritten at each reload.",
    "global",
    "  master-worker",
    // As many threads as the Node router would run workers (one by default, like a one-worker nginx): on a
    // small machine the apps and the platform need the other cores.
    `  nbthread ${threads}`,
    `  stats socket ${files.admin} mode 600 level admin expose-fd listeners`,
    // A port another program holds is refused, never shared: HAProxy would otherwise bind it with SO_REUSEPORT.
    "  noreuseport",
    // After a reload, the old worker finishes its requests and open WebSockets, at most this long (a reload
    // happens only for a new app or one outgrowing its slots; an old worker holds memory meanwhile).
    `  hard-stop-after ${Math.max(timeoutSeconds + 5, OLD_WORKER_SECONDS)}s`,
    "",
    "defaults",
    "  mode http",
    "  timeout connect 5s",
    "  timeout client 60s",
    `  timeout server ${timeoutSeconds}s`,
    "  timeout http-request 60s",
    "  timeout http-keep-alive 5s",
    `  timeout queue ${timeoutSeconds}s`,
    // An open WebSocket (any upgraded connection) with nothing passing either way this long is closed.
    `  timeout tunnel ${websocketIdleSeconds}s`,
    "  timeout client-fin 5s",
    // A connection refused: another process gets the request (it never reached the first).
    "  retries 3",
    "  option redispatch 1",
    "  http-reuse safe",
    // After a reload, the old worker keeps a client's idle keep-alive connection and answers its next request
    // (with Connection: close) instead of closing it under the client, which would race with that request.
    "  option idle-close-on-response",
    // Each piece of a streamed response (server-sent events, chunks) leaves as it arrives: without this, HAProxy
    // holds small pieces back to merge them, and events arrived up to ~210 ms late, three at a time.
    "  option http-no-delay",
    errorRule(502, "bad-gateway"),
    errorRule(504, "timeout"),
    errorRule(503, "bad-gateway", marker),
    "",
    "frontend fifteen",
    `  bind ${bindAddress(host, port)}`,
    ...tls.bind,
    // The client's X-Request-Id when it is a sane token, else a new one (proxy.ts's rule).
    "  http-request set-var(txn.reqid) req.fhdr(x-request-id) if { req.fhdr_cnt(x-request-id) eq 1 } { req.fhdr(x-request-id) -m reg ^[A-Za-z0-9._:-]{8,200}$ }",
    "  http-request set-var(txn.reqid) uuid unless { var(txn.reqid) -m found }",
    // Host rules (host-rules.ts): one Host, a host name or IP literal, no port or the listener's.
    // The host name without a port or a final dot: what the maps are keyed by and the access line names.
    "  http-request set-var(txn.host) 'req.fhdr(host),lower,regsub(:[0-9]+$,),regsub(\\.$,)'",
    "  acl many_hosts req.fhdr_cnt(host) gt 1",
    "  acl one_host req.fhdr_cnt(host) eq 1",
    `  acl host_shape req.fhdr(host),lower -m reg ${authority(port)}`,
    ...tls.shape,
    // HAProxy checks an absolute form's authority against Host, but lets userinfo in it pass. Only a request
    // that is not in origin form (`/…`, nearly all) has its URL matched.
    "  acl origin_form url_beg /",
    "  acl userinfo url_reg -i '^https?://[^/?#]*@'",
    pageRule(
      "bad-host",
      settings.tls
        ? "if many_hosts || one_host !host_shape !{ ssl_fc } || one_host !tls_host_shape { ssl_fc } || !origin_form userinfo"
        : "if many_hosts || one_host !host_shape || !origin_form userinfo",
      " hdr connection close",
    ),
    `  http-request set-var(txn.route) var(txn.host),map(${map})`,
    // A host that is routed proves the table is in; only a host that is not has the table marker looked up.
    pageRule(
      "router-starting",
      `if !{ var(txn.route) -m found } !{ str(${TABLE_KEY}),map(${map}) -m found }`,
      ` hdr retry-after ${STARTING_RETRY_AFTER}`,
    ),
    ...accessLogRules(settings.accessLog),
    // As in the Node router, a host with a certificate is redirected before its route is looked at; the
    // redirect has an access line when the host is an app's (what the vars above name).
    ...tls.mark,
    ...tls.redirect,
    pageRule("unknown-host", "unless { var(txn.route) -m found }"),
    // A route that is not ok names its page by its state (maintenance, not-deployed, …, failed): one rule.
    "  http-request set-var(txn.code) var(txn.route),field(1,:) unless { var(txn.route),field(1,:) -m str ok } || { var(txn.code) -m found }",
    "  acl maintenance var(txn.code) -m str maintenance",
    ...maintenanceRules(),
    ...pages.map((page) => pageReturn(page, `if { var(txn.code) -m str ${page} }`)),
    `  http-request return status 503 content-type ${TEXT} lf-string "%[var(txn.route),field(4,:),b64dec]\\n" ${REQUEST_ID_HEADER} if { var(txn.code) -m str failed }`,
    // The app gets an absolute-form request in origin form (HAProxy has checked Host is its authority).
    "  http-request set-uri %[pathq] if !origin_form { url_reg -i ^https?:// }",
    // What the app receives (docs/router.md): Forwarded and X-Forwarded-* as the router saw the request.
    // The scheme and the client's address family, each found once for the headers below.
    "  http-request set-var(txn.proto) ssl_fc,iif(https,http)",
    "  http-request set-var(txn.ipv6) bool(1) if { src -m sub : }",
    '  http-request set-header forwarded "for=\\"[%[src]]\\";proto=%[var(txn.proto)];host=\\"%[req.fhdr(host)]\\"" if { var(txn.ipv6) -m found }',
    '  http-request set-header forwarded "for=%[src];proto=%[var(txn.proto)];host=\\"%[req.fhdr(host)]\\"" unless { var(txn.ipv6) -m found }',
    '  http-request set-header x-forwarded-for "%[req.fhdr(x-forwarded-for)], %[src]" if { req.fhdr_cnt(x-forwarded-for) eq 1 }',
    "  http-request add-header x-forwarded-for %[src] unless { req.fhdr_cnt(x-forwarded-for) eq 1 }",
    "  http-request set-header x-forwarded-proto %[var(txn.proto)]",
    "  http-request set-header x-forwarded-host %[req.fhdr(host)]",
    "  http-request set-header x-forwarded-port %[dst_port]",
    "  http-request set-header x-request-id %[var(txn.reqid)]",
    // Hop-by-hop and proxy headers, by name (a regex run on every header name cost more).
    ...["proxy-connection", "proxy-authorization", "keep-alive", "te", "trailer"].map(
      (name) => `  http-request del-header ${name}`,
    ),
    ...traceRules(),
    ...["proxy-authenticate", "keep-alive", "trailer"].map((name) => `  http-response del-header ${name}`),
    "  http-after-response set-header x-request-id %[var(txn.reqid)]",
    ...tls.hsts,
    // After the backend's own rules (which turn the marked 503 into 502): the marker never leaves.
    "  http-after-response del-header x-fifteen-error",
    ...affinityRules(files),
    ...websocketCountRules(),
    relayRule(),
    "  use_backend %[var(txn.route),field(3,:)]",
    "  default_backend no_app",
    "",
    // An ok route whose backend is missing cannot happen; if it did, it is a bad gateway, not a hang.
    "backend no_app",
    pageRule("bad-gateway", ""),
    "",
    `backend ${WEBSOCKET_TABLE}`,
    "  stick-table type string len 100 size 100k expire 1h store conn_cur",
    "",
    ...relaySection(files.relay, websocketIdleSeconds, errorToken),
    ...backends.flatMap((backend) => [
      ...backendSection(backend),
      `  http-after-response set-status 502 if { res.hdr(x-fifteen-error) -m str ${errorToken} }`,
      "",
    ]),
    ...accessRing(settings.accessLog, files.access),
  ].join("\n");
}
