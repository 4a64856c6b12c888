// The typed API client used by the CLI and the git hook: one method per route, errors as ApiError.
import type { Readable } from "node:stream";
import { request, type Dispatcher } from "undici";
import type { AttachRequest } from "../shared/attach.js";
import { attachRun, type AttachHandlers } from "./attach.js";
import { ApiError } from "./errors.js";
import type { Addon, AddonChange, NewAddon } from "../core/addons.js";
import type { CronJob, NewCronJob } from "../core/cron.js";
import type { App, Build, ConfigVars, LogLine, ProcessInfo, Release } from "../core/types.js";

export type {
  Addon,
  AddonChange,
  App,
  Build,
  ConfigVars,
  CronJob,
  LogLine,
  NewCronJob,
  ProcessInfo,
  Release,
};
export { ApiError };
export { attachRun, type AttachExit, type AttachSession } from "./attach.js";

export interface FormationEntry {
  type: string;
  quantity: number;
  command: string;
}

export interface Domain {
  hostname: string;
  createdAt: string;
}

export interface LogQuery {
  lines?: number | undefined;
  tail?: boolean | undefined;
  source?: string | undefined;
  ps?: string | undefined;
  /** A duration back from now (`1h`) or a time (`2026-11-25T10:00:00Z`). */
  since?: string | undefined;
  grep?: string | undefined;
}

export interface Drain {
  id: string;
  url: string;
  createdAt: string;
  state: "idle" | "delivering" | "retrying" | "stopped";
  pending: number;
  delivered: number;
  dropped: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastDeliveredAt: string | null;
}

export interface MetricStats {
  requests: number;
  rps: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  errorRate: number | null;
}

export interface MetricSeries {
  resolution: number;
  points: (MetricStats & { time: string; memory: Record<string, number> })[];
  summary: MetricStats;
}

export interface AppInfo extends App {
  currentRelease: number | null;
  gitUrlPath: string;
}

export interface WhoAmI {
  name: string;
  permissions: string[];
  app: string | null;
}

interface Call {
  method: Dispatcher.HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  body?: Readable;
  contentType?: string;
  signal?: AbortSignal | undefined;
}

const seg = encodeURIComponent;

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  whoami = () => this.json<WhoAmI>({ method: "GET", path: "/v1/whoami" });

  listApps = () => this.json<App[]>({ method: "GET", path: "/v1/apps" });
  createApp = (name: string) => this.json<App>({ method: "POST", path: "/v1/apps", json: { name } });
  appInfo = (app: string) => this.json<AppInfo>({ method: "GET", path: `/v1/apps/${seg(app)}` });
  destroyApp = (app: string, confirm: string) =>
    this.json<void>({ method: "DELETE", path: `/v1/apps/${seg(app)}`, query: { confirm } });

  config = (app: string) =>
    this.json<ConfigVars>({ method: "GET", path: `/v1/apps/${seg(app)}/config-vars` });
  configGet = (app: string, key: string) =>
    this.json<{ key: string; value: string }>({
      method: "GET",
      path: `/v1/apps/${seg(app)}/config-vars/${seg(key)}`,
    });
  configUpdate = (app: string, changes: Record<string, string | null>) =>
    this.json<{ config: ConfigVars; release: Release | null }>({
      method: "PATCH",
      path: `/v1/apps/${seg(app)}/config-vars`,
      json: changes,
    });

  submitBuild = (
    app: string,
    body: Readable,
    meta: { kind: "git" | "tarball"; commit?: string | undefined },
  ) =>
    this.json<Build>({
      method: "POST",
      path: `/v1/apps/${seg(app)}/builds`,
      query: { kind: meta.kind, commit: meta.commit },
      body,
      contentType: "application/gzip",
    });
  builds = (app: string) => this.json<Build[]>({ method: "GET", path: `/v1/apps/${seg(app)}/builds` });
  build = (app: string, id: string) =>
    this.json<Build>({ method: "GET", path: `/v1/apps/${seg(app)}/builds/${seg(id)}` });
  cancelBuild = (app: string, id: string) =>
    this.json<Build>({ method: "POST", path: `/v1/apps/${seg(app)}/builds/${seg(id)}/cancel` });
  /** The build's output as a stream of text; with follow, it ends when the build does. */
  buildOutput = (app: string, id: string, follow: boolean) =>
    this.stream({ method: "GET", path: `/v1/apps/${seg(app)}/builds/${seg(id)}/output`, query: { follow } });

  releases = (app: string) => this.json<Release[]>({ method: "GET", path: `/v1/apps/${seg(app)}/releases` });
  release = (app: string, version: number) =>
    this.json<Release>({ method: "GET", path: `/v1/apps/${seg(app)}/releases/${version}` });
  rollback = (app: string, version?: number) =>
    this.json<Release>({
      method: "POST",
      path: `/v1/apps/${seg(app)}/rollbacks`,
      json: version ? { version } : {},
    });

  processes = (app: string) =>
    this.json<ProcessInfo[]>({ method: "GET", path: `/v1/apps/${seg(app)}/processes` });
  formation = (app: string) =>
    this.json<FormationEntry[]>({ method: "GET", path: `/v1/apps/${seg(app)}/formation` });
  scale = (app: string, changes: Record<string, number>) =>
    this.json<FormationEntry[]>({ method: "PATCH", path: `/v1/apps/${seg(app)}/formation`, json: changes });
  restart = (app: string, target?: string) =>
    this.json<{ restarted: number }>({
      method: "POST",
      path: `/v1/apps/${seg(app)}/processes/restart`,
      json: target ? { target } : {},
    });
  stopProcess = (app: string, target: string) =>
    this.json<{ stopped: string }>({
      method: "POST",
      path: `/v1/apps/${seg(app)}/processes/stop`,
      json: { target },
    });

  /** A detached one-off: returns once it runs; its output goes to the log stream. */
  runDetached = (app: string, body: AttachRequest) =>
    this.json<{ name: string; release: number }>({
      method: "POST",
      path: `/v1/apps/${seg(app)}/processes/run`,
      json: body,
    });
  /** An attached one-off over a WebSocket: stdio, signals and the exit status. */
  runAttached = (app: string, body: AttachRequest, handlers: AttachHandlers) =>
    attachRun(this.baseUrl, this.token, app, body, handlers);

  cronJobs = (app: string) => this.json<CronJob[]>({ method: "GET", path: `/v1/apps/${seg(app)}/cron` });
  addCronJob = (app: string, job: NewCronJob) =>
    this.json<CronJob>({ method: "POST", path: `/v1/apps/${seg(app)}/cron`, json: job });
  removeCronJob = (app: string, number: number) =>
    this.json<void>({ method: "DELETE", path: `/v1/apps/${seg(app)}/cron/${number}` });
  runCronJob = (app: string, number: number) =>
    this.json<{ process: string }>({ method: "POST", path: `/v1/apps/${seg(app)}/cron/${number}/run` });

  addons = (app: string) => this.json<Addon[]>({ method: "GET", path: `/v1/apps/${seg(app)}/addons` });
  addonInfo = (app: string, name: string) =>
    this.json<Addon>({ method: "GET", path: `/v1/apps/${seg(app)}/addons/${seg(name)}` });
  createAddon = (app: string, addon: NewAddon) =>
    this.json<AddonChange>({ method: "POST", path: `/v1/apps/${seg(app)}/addons`, json: addon });
  attachAddon = (app: string, addon: string, as?: string) =>
    this.json<AddonChange>({
      method: "POST",
      path: `/v1/apps/${seg(app)}/addon-attachments`,
      json: { addon, as },
    });
  detachAddon = (app: string, name: string) =>
    this.json<AddonChange>({ method: "DELETE", path: `/v1/apps/${seg(app)}/addons/${seg(name)}/attachment` });
  rotateAddon = (app: string, name: string) =>
    this.json<AddonChange>({ method: "POST", path: `/v1/apps/${seg(app)}/addons/${seg(name)}/rotate` });
  destroyAddon = (app: string, name: string, confirm: string) =>
    this.json<AddonChange>({
      method: "DELETE",
      path: `/v1/apps/${seg(app)}/addons/${seg(name)}`,
      query: { confirm },
    });

  domains = (app: string) => this.json<Domain[]>({ method: "GET", path: `/v1/apps/${seg(app)}/domains` });
  addDomain = (app: string, hostname: string) =>
    this.json<Domain>({ method: "POST", path: `/v1/apps/${seg(app)}/domains`, json: { hostname } });
  removeDomain = (app: string, hostname: string) =>
    this.json<void>({ method: "DELETE", path: `/v1/apps/${seg(app)}/domains/${seg(hostname)}` });
  drains = (app: string) => this.json<Drain[]>({ method: "GET", path: `/v1/apps/${seg(app)}/drains` });
  addDrain = (app: string, url: string) =>
    this.json<Drain>({ method: "POST", path: `/v1/apps/${seg(app)}/drains`, json: { url } });
  removeDrain = (app: string, id: string) =>
    this.json<void>({ method: "DELETE", path: `/v1/apps/${seg(app)}/drains/${seg(id)}` });
  metrics = (app: string, since: string | undefined) =>
    this.json<MetricSeries>({ method: "GET", path: `/v1/apps/${seg(app)}/metrics`, query: { since } });

  /** Log lines, parsed; with tail it keeps yielding until the signal aborts or the server ends the stream. */
  async *logs(app: string, query: LogQuery, signal?: AbortSignal): AsyncIterable<LogLine> {
    const response = await this.send({
      method: "GET",
      path: `/v1/apps/${seg(app)}/logs`,
      query: { ...query },
      signal,
    });
    let partial = "";
    response.body.setEncoding("utf8");
    try {
      for await (const chunk of response.body) {
        const lines = (partial + (chunk as string)).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) if (line) yield JSON.parse(line) as LogLine;
      }
    } catch (err) {
      if (!signal?.aborted) throw err;
    }
  }

  private async send(call: Call): Promise<Dispatcher.ResponseData> {
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

  private async json<T>(call: Call): Promise<T> {
    const response = await this.send(call);
    if (response.statusCode === 204) {
      await response.body.dump();
      return undefined as T;
    }
    return (await response.body.json()) as T;
  }

  private async *stream(call: Call): AsyncIterable<string> {
    const response = await this.send(call);
    response.body.setEncoding("utf8");
    for await (const chunk of response.body) yield chunk as string;
  }
}
