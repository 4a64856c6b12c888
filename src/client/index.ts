// The typed API client used by the CLI, the git hook and the tests: one method per route, each written as the
// route's OpenAPI path and method, with parameters, bodies and results typed from the generated OpenAPI types
// (src/client/generated/openapi.ts, `npm run openapi`). Errors are ApiError.
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import type { LogLine } from "../core/types.js";
import type { AttachRequest, ExecAttachRequest } from "../shared/attach.js";
import type { WebhookPayload } from "../webhooks/payload.js";
import { attachRun, type AttachHandlers } from "./attach.js";
import { ApiError } from "./errors.js";
import { fillPath, type Args, type Body, type Method, type Ok, type Route } from "./typed.js";

export { ApiError };
export { attachRun, type AttachExit, type AttachSession } from "./attach.js";
/** A log line as `GET …/logs` streams it (NDJSON; streams have no response schema). */
export type { LogLine };
/** The JSON body of a webhook delivery (sent by the platform, not an API response). */
export type { WebhookPayload };

type Item<T> = T extends readonly (infer I)[] ? I : never;

export type WhoAmI = Ok<"/v1/whoami", "get">;
export type TokenInfo = Item<Ok<"/v1/tokens", "get">>;
export type NewToken = Body<"/v1/tokens", "post">;
export type App = Item<Ok<"/v1/apps", "get">>;
export type AppInfo = Ok<"/v1/apps/{app}", "get">;
export type AppFeature = Item<Ok<"/v1/apps/{app}/features", "get">>;
export type ConfigVars = Ok<"/v1/apps/{app}/config-vars", "get">;
export type Build = Ok<"/v1/apps/{app}/builds/{build}", "get">;
export type Release = Ok<"/v1/apps/{app}/releases/{version}", "get">;
export type ProcessInfo = Item<Ok<"/v1/apps/{app}/processes", "get">>;
export type FormationEntry = Item<Ok<"/v1/apps/{app}/formation", "get">>;
export type CronJob = Item<Ok<"/v1/apps/{app}/cron", "get">>;
export type NewCronJob = Body<"/v1/apps/{app}/cron", "post">;
export type Addon = Ok<"/v1/apps/{app}/addons/{name}", "get">;
export type NewAddon = Body<"/v1/apps/{app}/addons", "post">;
export type AddonChange = Ok<"/v1/apps/{app}/addons", "post">;
export type Domain = Item<Ok<"/v1/apps/{app}/domains", "get">>;
export type Certificate = Ok<"/v1/apps/{app}/certs/{hostname}", "get">;
export type Drain = Item<Ok<"/v1/apps/{app}/drains", "get">>;
export type MetricSeries = Ok<"/v1/apps/{app}/metrics", "get">;
export type Pipeline = Item<Ok<"/v1/pipelines", "get">>;
export type PipelineInfo = Ok<"/v1/pipelines/{pipeline}", "get">;
export type PipelineMembership = Ok<"/v1/apps/{app}/pipeline", "put">;
export type Promotion = Ok<"/v1/apps/{app}/promotions", "post">;
export type Webhook = Item<Ok<"/v1/apps/{app}/webhooks", "get">>;
export type NewWebhook = Body<"/v1/apps/{app}/webhooks", "post">;
export type CreatedWebhook = Ok<"/v1/apps/{app}/webhooks", "post">;
export type WebhookDelivery = Item<Ok<"/v1/apps/{app}/webhooks/{id}/deliveries", "get">>;
export type WebhookAttempt = Item<WebhookDelivery["attempts"]>;
export type User = Item<Ok<"/v1/users", "get">>;
export type NewUser = Body<"/v1/users", "post">;
export type Member = Item<Ok<"/v1/apps/{app}/access", "get">>;
export type Role = Member["role"];
export type AuditEntry = Item<Ok<"/v1/audit", "get">>;
export type AuditVerification = Ok<"/v1/audit/verify", "get">;
export type KeyRotation = Ok<"/v1/admin/rotate-key", "post">;
export type LogQuery = NonNullable<Args<"/v1/apps/{app}/logs", "get">["query"]>;

interface Request {
  method: Dispatcher.HttpMethod;
  path: string;
  query?: object | undefined;
  json?: unknown;
  body?: Readable;
  contentType?: string;
  signal?: AbortSignal | undefined;
}

/** A streamed request body (source tarballs), or a signal to abort the request. */
interface Extra {
  body?: Readable;
  contentType?: string;
  signal?: AbortSignal | undefined;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  whoami = () => this.call("get", "/v1/whoami", {});
  tokens = () => this.call("get", "/v1/tokens", {});
  createToken = (request: NewToken) => this.call("post", "/v1/tokens", { json: request });
  audit = (limit: number) => this.call("get", "/v1/audit", { query: { limit } });
  verifyAudit = () => this.call("get", "/v1/audit/verify", {});
  doctor = () => this.call("get", "/v1/doctor", {});
  rotateKey = (key?: string) =>
    this.call("post", "/v1/admin/rotate-key", { json: key === undefined ? {} : { key } });
  revokeToken = (id: string) => this.call("delete", "/v1/tokens/{id}", { path: { id } });
  login = (email: string, password: string, tokenName?: string) =>
    this.call("post", "/v1/login", { json: { email, password, tokenName } });
  changePassword = (current: string, password: string) =>
    this.call("put", "/v1/account/password", { json: { current, password } });
  users = () => this.call("get", "/v1/users", {});
  createUser = (user: NewUser) => this.call("post", "/v1/users", { json: user });
  removeUser = (email: string) => this.call("delete", "/v1/users/{email}", { path: { email } });

  access = (app: string) => this.call("get", "/v1/apps/{app}/access", { path: { app } });
  grantAccess = (app: string, email: string, role: Role) =>
    this.call("put", "/v1/apps/{app}/access/{email}", { path: { app, email }, json: { role } });
  revokeAccess = (app: string, email: string) =>
    this.call("delete", "/v1/apps/{app}/access/{email}", { path: { app, email } });

  listApps = () => this.call("get", "/v1/apps", {});
  createApp = (name: string, deployBranch?: string) =>
    this.call("post", "/v1/apps", { json: { name, deployBranch } });
  maintenance = (app: string) => this.call("get", "/v1/apps/{app}/maintenance", { path: { app } });
  setMaintenance = (app: string, maintenance: boolean) =>
    this.call("put", "/v1/apps/{app}/maintenance", { path: { app }, json: { maintenance } });
  features = (app: string) => this.call("get", "/v1/apps/{app}/features", { path: { app } });
  feature = (app: string, feature: string) =>
    this.call("get", "/v1/apps/{app}/features/{feature}", { path: { app, feature } });
  setFeature = (app: string, feature: string, enabled: boolean) =>
    this.call("patch", "/v1/apps/{app}/features/{feature}", { path: { app, feature }, json: { enabled } });
  updateApp = (app: string, changes: { deployBranch: string }) =>
    this.call("patch", "/v1/apps/{app}", { path: { app }, json: changes });
  renameApp = (app: string, name: string) =>
    this.call("post", "/v1/apps/{app}/rename", { path: { app }, json: { name } });
  appInfo = (app: string) => this.call("get", "/v1/apps/{app}", { path: { app } });
  destroyApp = (app: string, confirm: string) =>
    this.call("delete", "/v1/apps/{app}", { path: { app }, query: { confirm } });

  config = (app: string) => this.call("get", "/v1/apps/{app}/config-vars", { path: { app } });
  configGet = (app: string, key: string) =>
    this.call("get", "/v1/apps/{app}/config-vars/{key}", { path: { app, key } });
  configUpdate = (
    app: string,
    changes: Record<string, string | null>,
    options: { runtimeOnly?: boolean } = {},
  ) =>
    this.call("patch", "/v1/apps/{app}/config-vars", {
      path: { app },
      json: changes,
      ...(options.runtimeOnly ? { query: { runtimeOnly: true } } : {}),
    });

  submitBuild = (
    app: string,
    body: Readable,
    meta: { kind: "git" | "tarball"; commit?: string | undefined },
  ) =>
    this.call(
      "post",
      "/v1/apps/{app}/builds",
      { path: { app }, query: { kind: meta.kind, commit: meta.commit } },
      { body: body, contentType: "application/gzip" },
    );
  builds = (app: string) => this.call("get", "/v1/apps/{app}/builds", { path: { app } });
  build = (app: string, id: string) =>
    this.call("get", "/v1/apps/{app}/builds/{build}", { path: { app, build: id } });
  cancelBuild = (app: string, id: string) =>
    this.call("post", "/v1/apps/{app}/builds/{build}/cancel", { path: { app, build: id } });
  /** The build's output as a stream of text; with follow, it ends when the build does. */
  buildOutput = (app: string, id: string, follow: boolean) =>
    this.streamText("get", "/v1/apps/{app}/builds/{build}/output", {
      path: { app, build: id },
      query: { follow },
    });

  releases = (app: string) => this.call("get", "/v1/apps/{app}/releases", { path: { app } });
  release = (app: string, version: number) =>
    this.call("get", "/v1/apps/{app}/releases/{version}", { path: { app, version: String(version) } });
  rollback = (app: string, version?: number) =>
    this.call("post", "/v1/apps/{app}/rollbacks", { path: { app }, json: version ? { version } : {} });

  processes = (app: string) => this.call("get", "/v1/apps/{app}/processes", { path: { app } });
  formation = (app: string) => this.call("get", "/v1/apps/{app}/formation", { path: { app } });
  scale = (app: string, changes: Record<string, number>) =>
    this.call("patch", "/v1/apps/{app}/formation", { path: { app }, json: changes });
  resize = (app: string, sizes: Record<string, string | { memory?: string; disk?: string }>) =>
    this.call("patch", "/v1/apps/{app}/formation/sizes", { path: { app }, json: sizes });
  restart = (app: string, target?: string) =>
    this.call("post", "/v1/apps/{app}/processes/restart", { path: { app }, json: target ? { target } : {} });
  stopProcess = (app: string, target: string) =>
    this.call("post", "/v1/apps/{app}/processes/stop", { path: { app }, json: { target } });

  /** A detached one-off: returns once it runs; its output goes to the log stream. */
  runDetached = (app: string, body: AttachRequest) =>
    this.call("post", "/v1/apps/{app}/processes/run", { path: { app }, json: body });
  /** An attached one-off over a WebSocket: stdio, signals and the exit status. */
  runAttached = (app: string, body: AttachRequest, handlers: AttachHandlers) =>
    attachRun(this.baseUrl, this.token, app, body, handlers);
  /** A command inside a running process (`ps:exec`), attached as `run` is. */
  exec = (app: string, body: ExecAttachRequest, handlers: AttachHandlers) =>
    attachRun(this.baseUrl, this.token, app, body, handlers, "/v1/apps/{app}/processes/exec");

  cronJobs = (app: string) => this.call("get", "/v1/apps/{app}/cron", { path: { app } });
  addCronJob = (app: string, job: NewCronJob) =>
    this.call("post", "/v1/apps/{app}/cron", { path: { app }, json: job });
  removeCronJob = (app: string, number: number) =>
    this.call("delete", "/v1/apps/{app}/cron/{number}", { path: { app, number } });
  runCronJob = (app: string, number: number) =>
    this.call("post", "/v1/apps/{app}/cron/{number}/run", { path: { app, number } });

  addons = (app: string) => this.call("get", "/v1/apps/{app}/addons", { path: { app } });
  addonInfo = (app: string, name: string) =>
    this.call("get", "/v1/apps/{app}/addons/{name}", { path: { app, name } });
  createAddon = (app: string, addon: NewAddon) =>
    this.call("post", "/v1/apps/{app}/addons", { path: { app }, json: addon });
  attachAddon = (app: string, addon: string, as?: string) =>
    this.call("post", "/v1/apps/{app}/addon-attachments", { path: { app }, json: { addon, as } });
  detachAddon = (app: string, name: string) =>
    this.call("delete", "/v1/apps/{app}/addons/{name}/attachment", { path: { app, name } });
  rotateAddon = (app: string, name: string) =>
    this.call("post", "/v1/apps/{app}/addons/{name}/rotate", { path: { app, name } });
  destroyAddon = (app: string, name: string, confirm: string) =>
    this.call("delete", "/v1/apps/{app}/addons/{name}", { path: { app, name }, query: { confirm } });

  domains = (app: string) => this.call("get", "/v1/apps/{app}/domains", { path: { app } });
  addDomain = (app: string, hostname: string) =>
    this.call("post", "/v1/apps/{app}/domains", { path: { app }, json: { hostname } });
  removeDomain = (app: string, hostname: string) =>
    this.call("delete", "/v1/apps/{app}/domains/{hostname}", { path: { app, hostname } });

  certs = (app: string) => this.call("get", "/v1/apps/{app}/certs", { path: { app } });
  cert = (app: string, hostname: string) =>
    this.call("get", "/v1/apps/{app}/certs/{hostname}", { path: { app, hostname } });
  putCert = (app: string, hostname: string, pem: { cert: string; privateKey: string }) =>
    this.call("put", "/v1/apps/{app}/certs/{hostname}", { path: { app, hostname }, json: pem });
  removeCert = (app: string, hostname: string) =>
    this.call("delete", "/v1/apps/{app}/certs/{hostname}", { path: { app, hostname } });
  pipelines = () => this.call("get", "/v1/pipelines", {});
  pipelineInfo = (name: string) => this.call("get", "/v1/pipelines/{pipeline}", { path: { pipeline: name } });
  createPipeline = (name: string) => this.call("post", "/v1/pipelines", { json: { name } });
  destroyPipeline = (name: string) =>
    this.call("delete", "/v1/pipelines/{pipeline}", { path: { pipeline: name } });
  addToPipeline = (app: string, pipeline: string, stage: string) =>
    this.call("put", "/v1/apps/{app}/pipeline", { path: { app }, json: { pipeline, stage } });
  removeFromPipeline = (app: string) => this.call("delete", "/v1/apps/{app}/pipeline", { path: { app } });
  promote = (app: string) => this.call("post", "/v1/apps/{app}/promotions", { path: { app } });
  drains = (app: string) => this.call("get", "/v1/apps/{app}/drains", { path: { app } });
  addDrain = (app: string, url: string) =>
    this.call("post", "/v1/apps/{app}/drains", { path: { app }, json: { url } });
  removeDrain = (app: string, id: string) =>
    this.call("delete", "/v1/apps/{app}/drains/{id}", { path: { app, id } });

  webhooks = (app: string) => this.call("get", "/v1/apps/{app}/webhooks", { path: { app } });
  addWebhook = (app: string, webhook: NewWebhook) =>
    this.call("post", "/v1/apps/{app}/webhooks", { path: { app }, json: webhook });
  removeWebhook = (app: string, id: string) =>
    this.call("delete", "/v1/apps/{app}/webhooks/{id}", { path: { app, id } });
  webhookDeliveries = (app: string, id: string) =>
    this.call("get", "/v1/apps/{app}/webhooks/{id}/deliveries", { path: { app, id } });
  metrics = (app: string, since: string | undefined) =>
    this.call("get", "/v1/apps/{app}/metrics", { path: { app }, query: { since } });

  /** Log lines, parsed; with tail it keeps yielding until the signal aborts or the server ends the stream. */
  async *logs(app: string, query: LogQuery, signal?: AbortSignal): AsyncIterable<LogLine> {
    let partial = "";
    try {
      for await (const chunk of this.streamText(
        "get",
        "/v1/apps/{app}/logs",
        { path: { app }, query },
        { signal },
      )) {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) if (line) yield JSON.parse(line) as LogLine;
      }
    } catch (err) {
      if (!signal?.aborted) throw err;
    }
  }

  /** One API operation: its path template filled in, its result typed by the route's response schema. */
  private async call<P extends Route, M extends Method>(
    method: M,
    path: P,
    args: Args<P, M>,
    extra: Extra = {},
  ): Promise<Ok<P, M>> {
    const response = await this.send({ ...this.#request(method, path, args), ...extra });
    if (response.statusCode === 204) {
      await response.body.dump();
      return undefined as Ok<P, M>;
    }
    return (await response.body.json()) as Ok<P, M>;
  }

  /** An operation whose response is streamed text (build output, NDJSON logs). */
  private async *streamText<P extends Route, M extends Method>(
    method: M,
    path: P,
    args: Args<P, M>,
    extra: Extra = {},
  ): AsyncIterable<string> {
    const response = await this.send({ ...this.#request(method, path, args), ...extra });
    response.body.setEncoding("utf8");
    for await (const chunk of response.body) yield chunk as string;
  }

  #request<P extends Route, M extends Method>(method: M, path: P, args: Args<P, M>): Request {
    return {
      method: method.toUpperCase() as Dispatcher.HttpMethod,
      path: fillPath(path, args.path),
      query: args.query,
      json: args.json,
    };
  }

  private async send(call: Request): Promise<Dispatcher.ResponseData> {
    const url = new URL(call.path, this.baseUrl);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | Readable | undefined;
    if (call.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(call.json);
    } else if (call.body) {
      headers["content-type"] = call.contentType ?? "application/octet-stream";
      body = call.body;
    }
    let response: Dispatcher.ResponseData;
    // Loaded on the first call: `fifteen up` loads every CLI command with this client, yet never calls it.
    const { request } = await import("undici");
    try {
      response = await request(url, {
        method: call.method,
        headers,
        body,
        headersTimeout: 0,
        bodyTimeout: 0,
        signal: call.signal,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ApiError(
        0,
        "UNREACHABLE",
        `Cannot reach the Fifteen API at ${this.baseUrl} (${reason}). Is \`fifteen up\` running?`,
      );
    }
    if (response.statusCode >= 400) {
      const text = await response.body.text();
      let parsed: { code?: string; message?: string } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        parsed = { message: text.trim() };
      }
      throw new ApiError(
        response.statusCode,
        parsed.code ?? "HTTP_" + response.statusCode,
        parsed.message ?? text,
      );
    }
    return response;
  }
}
