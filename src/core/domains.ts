// Custom domains: extra Host names the router sends to an app (NAME.localhost always works).
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { Store } from "../store/index.js";
import type { EventBus } from "./events.js";
import type { App } from "./types.js";

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})+$`);

export interface Domain {
  hostname: string;
  createdAt: string;
}

/** Trimmed, lowercased, without a trailing dot: how host names are stored and compared. */
export function normalizeHostname(raw: string): string {
  return raw.trim().toLowerCase().replace(/\.$/, "");
}

export function assertHostname(hostname: string): void {
  if (!HOSTNAME.test(hostname)) {
    throw new FifteenError(
      "DOMAIN_INVALID",
      `${JSON.stringify(hostname)} is not a host name: use lowercase labels separated by dots, e.g. www.example.com.`,
    );
  }
  if (/^[0-9]+$/.test(hostname.slice(hostname.lastIndexOf(".") + 1))) {
    throw new FifteenError("DOMAIN_INVALID", `${hostname} looks like an IP address; domains are host names.`);
  }
  if (hostname.endsWith(".localhost")) {
    throw new FifteenError("DOMAIN_INVALID", `${hostname} is built in: every app answers at NAME.localhost.`);
  }
}

export class DomainService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  async list(app: App): Promise<Domain[]> {
    return (await this.store.domains.of(app.id)).map((d) => ({
      hostname: d.hostname,
      createdAt: d.created_at,
    }));
  }

  async add(app: App, raw: string): Promise<Domain> {
    const hostname = normalizeHostname(raw);
    assertHostname(hostname);
    const existing = await this.store.domains.byHostname(hostname);
    if (existing) {
      throw new FifteenError(
        "DOMAIN_EXISTS",
        `${hostname} is already routed to ${existing.app_id === app.id ? "this app" : "another app"}.`,
      );
    }
    const row = { hostname, app_id: app.id, created_at: now() };
    await this.store.domains.insert(row);
    this.events.emit("domains.changed", { app });
    return { hostname, createdAt: row.created_at };
  }

  /** Removes the domain and its certificate, if it has one. */
  async remove(app: App, hostname: string): Promise<void> {
    const name = normalizeHostname(hostname);
    const hadCert = await this.store.transaction(async (tx) => {
      if (!(await tx.domains.delete(app.id, name))) {
        throw new FifteenError(
          "DOMAIN_NOT_FOUND",
          `App "${app.name}" has no domain ${hostname}; see \`fifteen domains\`.`,
        );
      }
      return tx.certificates.delete(app.id, name);
    });
    this.events.emit("domains.changed", { app });
    if (hadCert) this.events.emit("certs.changed", { app });
  }
}
