// An undici Agent for user-given URLs (log drains, webhooks): every connection goes to an address the egress
// guard has just checked, so a DNS answer that changes after the check (rebinding) cannot redirect it.
import { isIP } from "node:net";
import type * as Undici from "undici";
import type { Agent, buildConnector, Dispatcher } from "undici";
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

/** What the senders use of an Agent. */
export interface GuardedAgent {
  request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  destroy(): Promise<void>;
}

/**
 * Never follows redirects (undici's Agent does not): a 3xx is an answer like any other. undici is loaded on the
 * first request, not at start: the webhook sender is built at every start, and most platforms never send.
 */
export function guardedAgent(guard: EgressGuard, options: GuardedAgentOptions): GuardedAgent {
  let agent: Promise<Agent> | undefined;
  let destroyed = false;
  const load = () => (agent ??= import("undici").then((undici) => newAgent(undici, guard, options)));
  return {
    async request(requestOptions) {
      if (destroyed) throw new Error("the agent is closed");
      return (await load()).request(requestOptions);
    },
    async destroy() {
      destroyed = true;
      if (agent) await (await agent).destroy();
    },
  };
}

function newAgent(undici: typeof Undici, guard: EgressGuard, options: GuardedAgentOptions): Agent {
  const base = undici.buildConnector({
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
  return new undici.Agent({
    connect,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
}
