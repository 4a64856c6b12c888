// The log route: recent history, and with tail=true a live stream of newline-delimited JSON lines.
import { Readable } from "node:stream";
import { Type } from "typebox";
import type { LogLine, LogReader } from "../../core/index.js";
import { parseDuration } from "../../shared/duration.js";
import { FifteenError } from "../../shared/errors.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

/** `since` as epoch milliseconds: a duration back from now, or a time. */
export function sinceTime(text: string): number {
  const seconds = parseDuration(text);
  if (seconds !== undefined) return Date.now() - seconds * 1000;
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) {
    throw new FifteenError(
      "REQUEST_INVALID",
      `since=${JSON.stringify(text)} is neither a duration (30m, 1h, 2d) nor a time (2026-11-25T10:00:00Z).`,
    );
  }
  return time;
}

export function logRoutes(server: Server, logs: LogReader): void {
  server.get(
    "/v1/apps/:app/logs",
    {
      config: {
        access: { permission: "app:read", scope: "app" },
        streams: {
          mediaType: "application/x-ndjson",
          description:
            "One JSON log line per line: seq, time, app, source, process, text (streamed with tail=true)",
        },
      },
      schema: {
        summary: "Log lines as NDJSON: the last N, then (tail=true) live lines until the client disconnects",
        params: AppParams,
        querystring: Type.Object({
          lines: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
          tail: Type.Optional(Type.Boolean()),
          source: Type.Optional(
            Type.Union([
              Type.Literal("app"),
              Type.Literal("router"),
              Type.Literal("build"),
              Type.Literal("platform"),
            ]),
          ),
          ps: Type.Optional(Type.String({ maxLength: 40 })),
          since: Type.Optional(
            Type.String({
              maxLength: 40,
              description: "A duration back from now (1h, 30m) or an ISO 8601 time",
            }),
          ),
          grep: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        response: errorResponses(404),
      },
    },
    async (request, reply) => {
      const { app } = appContext(request);
      const since = request.query.since === undefined ? undefined : sinceTime(request.query.since);
      const filter = { source: request.query.source, process: request.query.ps, grep: request.query.grep };
      const controller = new AbortController();
      reply.raw.on("close", () => controller.abort());
      // Follow before reading the history, so nothing published in between is lost.
      const live = request.query.tail ? logs.follow(app.id, filter, controller.signal) : undefined;
      const recent = logs.recent(app, { ...filter, since, lines: request.query.lines ?? 100 });
      async function* body(): AsyncIterable<string> {
        for (const line of recent) yield `${JSON.stringify(line)}\n`;
        if (!live) return;
        const last = recent.at(-1)?.seq ?? 0;
        for await (const line of live) {
          if ((line as LogLine).seq > last || line.process === "logs") yield `${JSON.stringify(line)}\n`;
        }
      }
      return reply
        .header("content-type", "application/x-ndjson; charset=utf-8")
        .header("cache-control", "no-cache")
        .header("x-content-type-options", "nosniff")
        .send(Readable.from(body(), { objectMode: false, highWaterMark: 16 }));
    },
  );
}
