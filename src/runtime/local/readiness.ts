// Whether a web process is ready: $PORT accepts connections (and its health check answers 2xx/3xx), noticed by
// polling with backoff (25 ms, growing to 250 ms), not a fixed 10 ms poll per starting process.
import { get as httpGet } from "node:http";
import { connect, createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** "ok" when GET path answers 2xx or 3xx within 2 s; otherwise what it did ("HTTP 503", "timed out"…). */
function healthCheck(port: number, path: string): Promise<string> {
  return new Promise((resolve) => {
    const req = httpGet(
      {
        host: "127.0.0.1",
        port,
        path,
        agent: false,
        timeout: 2000,
        headers: { "user-agent": "fifteen-health-check" },
      },
      (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(code >= 200 && code < 400 ? "ok" : `HTTP ${code}`);
      },
    );
    req.once("timeout", () => req.destroy(new Error("no answer within 2 s")));
    req.once("error", (err) => resolve(err.message));
  });
}

export interface ReadyCheck {
  port: number;
  healthCheckPath?: string | undefined;
  timeoutSeconds: number;
  /** Whether to keep waiting (false once the process exited or is being stopped). */
  waiting(): boolean;
}

/**
 * Resolves with "ready", "abandoned" (waiting() turned false) or why it is not ready in time: "did not bind
 * $PORT (…)" or "did not pass its health check (…)".
 */
export async function untilReady(check: ReadyCheck): Promise<"ready" | "abandoned" | { failure: string }> {
  const deadline = Date.now() + check.timeoutSeconds * 1000;
  /** The health check's last answer, once $PORT accepts connections. */
  let checked: string | undefined;
  let pause = 25;
  while (check.waiting()) {
    if (await accepts(check.port)) {
      checked = check.healthCheckPath ? await healthCheck(check.port, check.healthCheckPath) : "ok";
      if (checked === "ok") return check.waiting() ? "ready" : "abandoned";
    }
    if (Date.now() > deadline) {
      return {
        failure:
          checked === undefined
            ? `did not bind $PORT (${check.port}) within ${check.timeoutSeconds} s`
            : `did not pass its health check (GET ${check.healthCheckPath ?? "/"} → ${checked}) within ${check.timeoutSeconds} s`,
      };
    }
    await new Promise((r) => setTimeout(r, pause));
    pause = checked !== undefined ? 250 : Math.min(250, Math.round(pause * 1.5));
  }
  return "abandoned";
}
