// One-off processes: detached (POST, output to the log stream) and attached (a WebSocket carrying stdio).
import type { Readable } from "node:stream";
import { Type } from "typebox";
import { Value } from "typebox/value";
import type { WebSocket } from "ws";
import type { App, ProcessControl, StartedOneOff } from "../../core/index.js";
import {
  exitStatus,
  FORWARDED_SIGNALS,
  STDERR,
  STDOUT,
  type AttachRequest,
  type ExecAttachRequest,
  type ClientMessage,
  type ServerMessage,
} from "../../shared/attach.js";
import { FifteenError } from "../../shared/errors.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const RunBody = Type.Object(
  {
    command: Type.Array(Type.String({ maxLength: 65536 }), {
      minItems: 1,
      maxItems: 1024,
      description: "One element runs through /bin/sh -c; several run as an argv, without a shell.",
    }),
    timeoutSeconds: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 604800, description: "Time limit; default 24 h." }),
    ),
    env: Type.Optional(
      Type.Record(Type.String({ maxLength: 256 }), Type.String(), {
        description: "Extra variables for this run only, over the release's config.",
      }),
    ),
    size: Type.Optional(
      Type.String({
        maxLength: 16,
        description: "Memory limit of this one-off, 32M to 1024G (e.g. 1G); default FIFTEEN_DEFAULT_MEMORY.",
      }),
    ),
  },
  { additionalProperties: false },
);

const Tty = Type.Object(
  {
    cols: Type.Integer({ minimum: 1, maximum: 1000 }),
    rows: Type.Integer({ minimum: 1, maximum: 1000 }),
    term: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9._+-]{1,64}$", description: "$TERM" })),
  },
  { additionalProperties: false, description: "Run on a pseudo-terminal of this size (interactive use)." },
);

/** The first message of an attached run: a detached run's body, and a terminal. */
const AttachBody = Type.Object(
  { ...RunBody.properties, tty: Type.Optional(Tty) },
  { additionalProperties: false },
);

const ExecBody = Type.Object(
  {
    process: Type.String({
      pattern: "^[a-z][a-z0-9_-]*\\.[0-9]+$",
      maxLength: 80,
      description: "e.g. web.1",
    }),
    command: Type.Optional(RunBody.properties.command),
    tty: Type.Optional(Tty),
  },
  { additionalProperties: false },
);

const Started = Type.Object({
  name: Type.String({ description: "e.g. run.3" }),
  release: Type.Integer(),
});

/** Output waiting in the socket beyond this pauses the process's pipes (it blocks on write, as in a terminal). */
const HIGH_WATER = 1024 * 1024;
const FIRST_MESSAGE_MS = 10_000;
const PING_MS = 30_000;

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** The first message of an attached run (the detached body's schema, plus a terminal) or of an exec. */
function parseRequest(text: string): AttachRequest {
  const value = parseJson(text);
  if (!Value.Check(AttachBody, value)) {
    throw new FifteenError(
      "RUN_INVALID",
      'The first message must be {"command": ["…"], "timeoutSeconds"?: N, "env"?: {…}, "tty"?: {"cols": N, "rows": N}}.',
    );
  }
  return value;
}

function parseExec(text: string): ExecAttachRequest {
  const value = parseJson(text);
  if (!Value.Check(ExecBody, value)) {
    throw new FifteenError(
      "RUN_INVALID",
      'The first message must be {"process": "web.1", "command"?: ["…"], "tty"?: {"cols": N, "rows": N}}.',
    );
  }
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Streams one output pipe into the socket, pausing it while the client is behind. */
function forward(socket: WebSocket, stream: Readable | null, tag: number): void {
  if (!stream) return;
  const prefix = Buffer.from([tag]);
  stream.on("data", (chunk: Buffer) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(Buffer.concat([prefix, chunk]));
    if (socket.bufferedAmount > HIGH_WATER) {
      stream.pause();
      const wait = setInterval(() => {
        if (socket.readyState !== socket.OPEN || socket.bufferedAmount <= HIGH_WATER / 2) {
          clearInterval(wait);
          stream.resume();
        }
      }, 20);
    }
  });
}

function attach(socket: WebSocket, run: StartedOneOff): void {
  let exited = false;
  forward(socket, run.stdout, STDOUT);
  forward(socket, run.stderr, STDERR);
  socket.on("message", (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      if (run.stdin && !run.stdin.writableEnded) run.stdin.write(data);
      return;
    }
    // Anything that is not a known control message is ignored: a client must not be able to throw here.
    let message: Partial<ClientMessage> | null = null;
    try {
      const parsed: unknown = JSON.parse(data.toString("utf8"));
      if (typeof parsed === "object" && parsed !== null) message = parsed as Partial<ClientMessage>;
    } catch {
      return;
    }
    if (message?.type === "eof") run.stdin?.end();
    else if (message?.type === "resize") {
      const { cols, rows } = message as { cols?: unknown; rows?: unknown };
      if (Number.isInteger(cols) && Number.isInteger(rows))
        run.resize(Math.max(1, Math.min(1000, cols as number)), Math.max(1, Math.min(1000, rows as number)));
    } else if (message?.type === "signal") {
      const signal = (message as { signal?: unknown }).signal;
      if (typeof signal === "string" && (FORWARDED_SIGNALS as readonly string[]).includes(signal))
        run.signal(signal as NodeJS.Signals);
    }
  });
  // A client that vanished without closing (network gone) is noticed by missing pongs.
  let alive = true;
  socket.on("pong", () => (alive = true));
  const ping = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, PING_MS);
  socket.on("close", () => {
    clearInterval(ping);
    if (!exited) {
      // Nobody reads the output any more: let it flow so the process is not held up on a full pipe.
      run.stdout?.resume();
      run.stderr?.resume();
      run.hangup();
    }
  });
  void run.exited.then((exit) => {
    exited = true;
    const status = exitStatus(exit.code, exit.signal);
    send(socket, { type: "exit", status, code: exit.code, signal: exit.signal, endedBy: exit.endedBy });
    socket.close(1000, "exited");
  });
}

export function runRoutes(server: Server, processes: ProcessControl): void {
  server.post(
    "/v1/apps/:app/processes/run",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Start a detached one-off (run.N) in the current release; its output goes to the log stream",
        params: AppParams,
        body: RunBody,
        response: { 201: Started, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { app, principal } = appContext(request);
      const run = await processes.run(app, { ...request.body, attached: false }, principal.name);
      return reply.status(201).send({ name: run.name, release: run.release });
    },
  );

  attachedRoute(
    server,
    "/v1/apps/:app/processes/attach",
    "WebSocket: start an attached one-off (run.N) and carry its stdin, stdout, stderr, signals, terminal size and exit status",
    async (text, app, actor) => processes.run(app, { ...parseRequest(text), attached: true }, actor),
  );

  attachedRoute(
    server,
    "/v1/apps/:app/processes/exec",
    "WebSocket: run a command inside a running process (`ps:exec`), with its sandbox, uid and env, attached as `run` is",
    async (text, app, actor) => processes.exec(app, parseExec(text), actor),
  );
}

/** A WebSocket route that starts something from the first message, then carries it as in docs/run.md. */
function attachedRoute(
  server: Server,
  path: "/v1/apps/:app/processes/attach" | "/v1/apps/:app/processes/exec",
  summary: string,
  begin: (text: string, app: App, actor: string) => Promise<StartedOneOff>,
): void {
  server.get(
    path,
    {
      websocket: true,
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary,
        description: "The protocol is described in docs/run.md and src/shared/attach.ts.",
        params: AppParams,
        response: errorResponses(404),
      },
    },
    (socket, request) => {
      const { app, principal } = appContext(request);
      const timer = setTimeout(() => {
        send(socket, { type: "error", code: "RUN_INVALID", message: "No run request within 10 s." });
        socket.close(1008, "no request");
      }, FIRST_MESSAGE_MS);
      socket.once("message", (data: Buffer) => {
        clearTimeout(timer);
        const start = async () => {
          const run = await begin(data.toString("utf8"), app, principal.name);
          if (socket.readyState !== socket.OPEN) {
            run.hangup();
            return;
          }
          send(socket, { type: "started", name: run.name, release: run.release });
          attach(socket, run);
        };
        start().catch((err: unknown) => {
          const known = err instanceof FifteenError;
          if (!known) request.log.error({ err }, "attached run failed to start");
          send(socket, {
            type: "error",
            code: known ? err.code : "INTERNAL",
            message: known ? err.message : "The run could not start; the platform log has the details.",
          });
          socket.close(1000, "error");
        });
      });
    },
  );
}
