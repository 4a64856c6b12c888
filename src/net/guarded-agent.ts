// An undici Agent for user-given URLs (log drains, webhooks): every connection goes to an address the egress
// guard has just checked, so a DNS answer that changes after the check (rebinding) cannot redirect it.
import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import type { EgressGuard } from "./egress.js";

export interface GuardedAgentOptions {
  /** Connect, headers and body timeouts. */
  readonly timeoutMs: number;
  /** Extra CA certificates to trust (tests); otherwise the system store, plus NODE_EXTRA_CA_CERTS as usual. */
  readonly ca?: string | Buffer | undefined;
  /** Connections per origin; unlimited when absent. */
  readonly connections?: number | undefined;
}

function bareHost(hostname: string): string {
  return hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
}

/** Never follows redirects (undici's Agent does not): a 3xx is an answer like any other. */
export function guardedAgent(guard: EgressGuard, options: GuardedAgentOptions): Agent {
  const base = buildConnector({
    timeout: options.timeoutMs,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  // TLS still verifies the certificate against the name, not the address.
  const connect: buildConnector.connector = (opts, callback) => {
    const name = bareHost(opts.hostname);
    guard.resolve(name).then(
      ({ address }) => {
        const servername = opts.servername || (isIP(name) ? undefined : name);
        base({ ...opts, hostname: address, servername }, callback);
      },
      (err: Error) => callback(err, null),
    );
  };
  return new Agent({
    connect,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
}
