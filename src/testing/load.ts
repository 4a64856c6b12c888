// Load through the router for tests: `connections` requests in flight at all times until stop(), each answer
// checked; what failed is kept, with why (a status and body, or the socket error).
import { Pool } from "undici";

export interface Load {
  readonly ok: number;
  readonly failures: string[];
  stop(): Promise<void>;
}

/** GET / with this Host header on `connections` connections; an answer counts as ok when `good` says so. */
export function load(
  routerUrl: string,
  host: string,
  connections: number,
  good: (status: number, body: string) => boolean,
): Load {
  const pool = new Pool(routerUrl, { connections, pipelining: 1 });
  let running = true;
  let ok = 0;
  const failures: string[] = [];
  const loop = async () => {
    while (running) {
      try {
        const res = await pool.request({ path: "/", method: "GET", headers: { host } });
        const body = await res.body.text();
        if (good(res.statusCode, body)) ok++;
        else failures.push(`${res.statusCode} ${body.slice(0, 80)}`);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  const loops = Array.from({ length: connections }, loop);
  return {
    get ok() {
      return ok;
    },
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
      await pool.close();
    },
  };
}
