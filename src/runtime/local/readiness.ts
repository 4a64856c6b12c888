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
  /** The TCP ports the process listens on, to notice one that ignores $PORT; absent: not checked. */
  listening?(): number[];
}

/** How often the listening ports are looked up while $PORT is not bound. */
const PORT_SCAN_MS = 1000;
/** How long a process may listen elsewhere (but not on $PORT) before that counts as a hard-coded port. */
const WRONG_PORT_MS = 3000;

/**
 * Resolves with "ready", "abandoned" (waiting() turned false) or why it is not ready: "did not bind $PORT (…)"
 * or "did not pass its health check (…)" in time, or, within seconds, "listens on port N, not $PORT (…)".
 */
export async function untilReady(check: ReadyCheck): Promise<"ready" | "abandoned" | { failure: string }> {
  const deadline = Date.now() + check.timeoutSeconds * 1000;
  /** The health check's last answer, once $PORT accepts connections. */
  let checked: string | undefined;
  let pause = 25;
  let nextScan = Date.now() + PORT_SCAN_MS;
  /** Since when it has listened on other ports without binding $PORT. */
  let elsewhereSince: number | undefined;
  while (check.waiting()) {
    if (await accepts(check.port)) {
      checked = check.healthCheckPath ? await healthCheck(check.port, check.healthCheckPath) : "ok";
      if (checked === "ok") return check.waiting() ? "ready" : "abandoned";
    } else if (check.listening && Date.now() >= nextScan) {
      nextScan = Date.now() + PORT_SCAN_MS;
      // An app may open another port first (metrics, a debugger) and $PORT a moment later: give it a while.
      const other = check.listening().filter((port) => port !== check.port);
      elsewhereSince = other.length > 0 ? (elsewhereSince ?? Date.now()) : undefined;
      if (elsewhereSince !== undefined && Date.now() - elsewhereSince >= WRONG_PORT_MS)
        return {
          failure: `listens on port ${other.join(", ")}, not $PORT (${check.port}): use process.env.PORT`,
        };
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
