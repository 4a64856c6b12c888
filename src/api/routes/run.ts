// One-off processes: detached (POST, output to the log stream) and attached (a WebSocket carrying stdio).
import type { Readable } from "node:stream";
import { Type } from "typebox";
import { Value } from "typebox/value";
import type { WebSocket } from "ws";
import type { ProcessControl, StartedOneOff } from "../../core/index.js";
import {
  exitStatus,
  FORWARDED_SIGNALS,
  STDERR,
  STDOUT,
  type AttachRequest,
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

/** The first message of an attached run: the same body, checked against the same schema, as a detached one. */
function parseRequest(text: string): AttachRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!Value.Check(RunBody, value)) {
    throw new FifteenError(
      "RUN_INVALID",
      'The first message must be {"command": ["…"], "timeoutSeconds"?: N, "env"?: {…}}.',
    );
  }
  return value;
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
    else if (message?.type === "signal") {
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

  server.get(
    "/v1/apps/:app/processes/attach",
    {
      websocket: true,
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary:
          "WebSocket: start an attached one-off (run.N) and carry its stdin, stdout, stderr, signals and exit status",
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
          const body = parseRequest(data.toString("utf8"));
          const run = await processes.run(app, { ...body, attached: true }, principal.name);
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
