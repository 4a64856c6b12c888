// Webhooks: URLs an app's events (build, release, formation, crash, addon) are POSTed to, signed with a secret.
// Like log drains, only public endpoints are accepted (the egress guard) and the URL is sealed at rest; the
// signing secret is sealed too, and shown once, in the answer to the request that added the webhook.
import { randomBytes } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { Store, WebhookRow } from "../store/index.js";
import { maskUrl } from "./drains.js";
import type { EgressCheck } from "./ports.js";
import type { Sealer } from "./secrets.js";
import type { App, Principal } from "./types.js";

export const WEBHOOK_EVENTS = ["build", "release", "formation", "crash", "addon"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const WEBHOOK_SCHEMES = ["https:", "http:"] as const;
const MAX_WEBHOOKS_PER_APP = 10;
/** Printable ASCII without spaces, so it survives shells, env files and copy-paste unchanged. */
const SECRET = /^[\x21-\x7e]{16,256}$/;

export interface Webhook {
  id: string;
  /** The URL with its user name, password and query values masked. */
  url: string;
  events: WebhookEvent[];
  createdBy: string;
  createdAt: string;
}

/** The answer to adding a webhook: the only time the secret is shown. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

export interface NewWebhook {
  url: string;
  events: readonly string[];
  /** Generated (whsec_ and 32 random bytes) when absent. */
  secret?: string | undefined;
}

/** A webhook with its real URL and secret, for the delivery runtime only. */
export interface WebhookTarget {
  id: string;
  appId: string;
  url: string;
  secret: string;
  events: WebhookEvent[];
}

function isEvent(name: string): name is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(name);
}

/** The events named, deduplicated, in the documented order; WEBHOOK_EVENTS_INVALID names any unknown one. */
export function parseEvents(names: readonly string[]): WebhookEvent[] {
  const given = names.flatMap((name) => name.split(",")).map((name) => name.trim().toLowerCase());
  const unknown = given.filter((name) => name !== "" && !isEvent(name));
  const all = WEBHOOK_EVENTS.join(",");
  if (unknown.length > 0) {
    throw new FifteenError(
      "WEBHOOK_EVENTS_INVALID",
      `Unknown webhook event${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => JSON.stringify(n)).join(", ")}; ` +
        `the events are ${WEBHOOK_EVENTS.join(", ")} (e.g. --events ${all}).`,
    );
  }
  const events = WEBHOOK_EVENTS.filter((event) => given.includes(event));
  if (events.length === 0) {
    throw new FifteenError(
      "WEBHOOK_EVENTS_INVALID",
      `Name the events to send with --events, one or more of ${WEBHOOK_EVENTS.join(", ")} (e.g. --events ${all}).`,
    );
  }
  return events;
}

/** Stored events, ignoring any a later version no longer knows. */
function storedEvents(row: WebhookRow): WebhookEvent[] {
  return (JSON.parse(row.events) as string[]).filter(isEvent);
}

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.display_url,
    events: storedEvents(row),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export class WebhookService {
  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
    private readonly egress: EgressCheck,
  ) {}

  async list(app: App): Promise<Webhook[]> {
    return (await this.store.webhooks.of(app.id)).map(toWebhook);
  }

  async add(app: App, input: NewWebhook, principal: Principal): Promise<CreatedWebhook> {
    const events = parseEvents(input.events);
    if (input.secret !== undefined && !SECRET.test(input.secret)) {
      throw new FifteenError(
        "WEBHOOK_SECRET_INVALID",
        "A webhook secret is 16 to 256 printable ASCII characters without spaces; leave --secret out to get a generated one.",
      );
    }
    const url = await this.egress.checkUrl(input.url.trim(), WEBHOOK_SCHEMES);
    const existing = await this.store.webhooks.of(app.id);
    if (existing.length >= MAX_WEBHOOKS_PER_APP) {
      throw new FifteenError(
        "WEBHOOK_LIMIT",
        `App "${app.name}" already has ${MAX_WEBHOOKS_PER_APP} webhooks; remove one with \`fifteen webhooks:remove ID\`.`,
      );
    }
    if (existing.some((w) => this.sealer.open(w.url) === url.href)) {
      throw new FifteenError(
        "WEBHOOK_EXISTS",
        `App "${app.name}" already has a webhook for ${maskUrl(url)}; to change its events, remove it and add it again.`,
      );
    }
    const secret = input.secret ?? `whsec_${randomBytes(32).toString("base64url")}`;
    const row: WebhookRow = {
      id: `wh_${randomBytes(6).toString("hex")}`,
      app_id: app.id,
      url: this.sealer.seal(url.href),
      display_url: maskUrl(url),
      secret: this.sealer.seal(secret),
      events: JSON.stringify(events),
      created_by: principal.name,
      created_at: now(),
    };
    await this.store.webhooks.insert(row);
    return { ...toWebhook(row), secret };
  }

  /** Removes the webhook and its delivery log; deliveries still pending are not made. */
  async remove(app: App, id: string): Promise<void> {
    if (!(await this.store.webhooks.delete(app.id, id))) throw notFound(app, id);
  }

  /** The app's webhook `id`, or WEBHOOK_NOT_FOUND. */
  async get(app: App, id: string): Promise<Webhook> {
    const row = await this.store.webhooks.byId(id);
    if (!row || row.app_id !== app.id) throw notFound(app, id);
    return toWebhook(row);
  }

  /** The app's webhooks that take `event`, unsealed, for delivery. */
  async targets(appId: string, event: WebhookEvent): Promise<WebhookTarget[]> {
    return (await this.store.webhooks.of(appId))
      .map((row) => this.#target(row))
      .filter((target) => target.events.includes(event));
  }

  /** One webhook, unsealed; undefined once it is removed. */
  async target(id: string): Promise<WebhookTarget | undefined> {
    const row = await this.store.webhooks.byId(id);
    return row ? this.#target(row) : undefined;
  }

  #target(row: WebhookRow): WebhookTarget {
    return {
      id: row.id,
      appId: row.app_id,
      url: this.sealer.open(row.url),
      secret: this.sealer.open(row.secret),
      events: storedEvents(row),
    };
  }
}

function notFound(app: App, id: string): FifteenError {
  return new FifteenError(
    "WEBHOOK_NOT_FOUND",
    `App "${app.name}" has no webhook ${id}; see \`fifteen webhooks\`.`,
  );
}
