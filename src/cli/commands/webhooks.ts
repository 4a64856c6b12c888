// webhooks, webhooks:add, webhooks:remove, webhooks:deliveries
import type { Command } from "commander";
import type { WebhookDelivery } from "../../client/index.js";
import { client, resolveApp } from "../context.js";
import { ago, info, printJson, printTable } from "../output.js";

const EVENTS = "build, release, formation, crash, addon";

/** `500, 500, 200`: each attempt's status, or `error` when no answer came. */
function attemptCodes(delivery: WebhookDelivery): string {
  return delivery.attempts.map((a) => (a.statusCode === null ? "error" : String(a.statusCode))).join(", ");
}

function note(delivery: WebhookDelivery): string | null {
  const last = delivery.attempts.at(-1);
  if (delivery.status === "pending" && delivery.nextAttemptAt) {
    const seconds = Math.max(0, Math.round((Date.parse(delivery.nextAttemptAt) - Date.now()) / 1000));
    return `${last?.error ? `${last.error}; ` : ""}next attempt in ${seconds}s`;
  }
  return delivery.status === "failed" ? (last?.error ?? null) : null;
}

export function webhookCommands(program: Command): void {
  program
    .command("webhooks")
    .description("list the app's webhooks: id, masked URL and events")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const webhooks = await (await client()).webhooks(app);
      if (opts.json) return printJson(webhooks);
      printTable(
        ["ID", "URL", "EVENTS", "CREATED"],
        webhooks.map((w) => [w.id, w.url, w.events.join(","), ago(w.createdAt)]),
        "No webhooks. Add one with `fifteen webhooks:add URL --events build,release`.",
      );
    });

  program
    .command("webhooks:add")
    .description(`POST the app's events, signed, to an https:// or http:// URL (events: ${EVENTS})`)
    .argument("<url>")
    .option("--events <list>", `comma-separated events to send: ${EVENTS}`)
    .option("--secret <secret>", "the signing secret (16-256 characters); generated when left out")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (url: string, opts: { events?: string; secret?: string; app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const events = (opts.events ?? "").split(",").filter((e) => e.trim() !== "");
      const webhook = await (await client()).addWebhook(app, { url, events, secret: opts.secret });
      if (opts.json) return printJson(webhook);
      info(`Added webhook ${webhook.id} (${webhook.url}) to ${app} for ${webhook.events.join(", ")}`);
      info("Its signing secret, shown this once (see docs/webhooks.md to verify signatures):");
      process.stdout.write(`${webhook.secret}\n`);
    });

  program
    .command("webhooks:remove")
    .description("stop sending the app's events to a webhook; its pending deliveries are dropped")
    .argument("<id>", "the webhook's id, from `fifteen webhooks`")
    .option("-a, --app <name>", "the app")
    .action(async (id: string, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      await (await client()).removeWebhook(app, id);
      info(`Removed webhook ${id} from ${app}`);
    });

  program
    .command("webhooks:deliveries")
    .description("the webhook's last 100 deliveries, newest first: event, status and each attempt's answer")
    .argument("<id>", "the webhook's id, from `fifteen webhooks`")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (id: string, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const deliveries = await (await client()).webhookDeliveries(app, id);
      if (opts.json) return printJson(deliveries);
      printTable(
        ["ID", "EVENT", "STATUS", "ATTEMPTS", "CREATED", "NOTE"],
        deliveries.map((d) => [
          d.id,
          `${d.event}.${d.action}`,
          d.status,
          attemptCodes(d) || "-",
          ago(d.createdAt),
          note(d),
        ]),
        "No deliveries yet.",
      );
    });
}
