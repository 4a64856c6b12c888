// Webhook routes: list, add (the secret is in this answer only), remove, and each webhook's delivery log.
import { Type } from "typebox";
import { WEBHOOK_EVENTS, type Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses, Nullable } from "../schemas.js";
import type { Server } from "../server.js";

const EventName = Type.Union([
  Type.Literal("build"),
  Type.Literal("release"),
  Type.Literal("formation"),
  Type.Literal("crash"),
  Type.Literal("addon"),
]);

const WebhookFields = {
  id: Type.String(),
  url: Type.String({ description: "The URL with its user name, password and query values masked" }),
  events: Type.Array(EventName),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
};
const WebhookSchema = Type.Object(WebhookFields);
const CreatedWebhookSchema = Type.Object({
  ...WebhookFields,
  secret: Type.String({ description: "The signing secret; shown in this answer only" }),
});

const AttemptSchema = Type.Object({
  number: Type.Integer({ minimum: 1 }),
  at: Type.String({ format: "date-time" }),
  statusCode: Nullable(Type.Integer({ description: "The receiver's HTTP status; null if none came" })),
  error: Nullable(Type.String({ description: "Why the attempt failed" })),
  durationMs: Type.Integer(),
});

const DeliverySchema = Type.Object({
  id: Type.String({ description: "Sent as the Fifteen-Delivery header" }),
  eventId: Type.String({ description: "The payload's id" }),
  event: EventName,
  action: Type.String(),
  status: Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")]),
  attempts: Type.Array(AttemptSchema),
  createdAt: Type.String({ format: "date-time" }),
  nextAttemptAt: Nullable(Type.String({ format: "date-time" })),
  finishedAt: Nullable(Type.String({ format: "date-time" })),
});

const WebhookParams = Type.Object({
  app: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64 }),
});

export function webhookRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/webhooks",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The app's webhooks (never their secrets)",
        params: AppParams,
        response: { 200: Type.Array(WebhookSchema), ...errorResponses(404) },
      },
    },
    async (request) => core.webhooks.list(appContext(request).app),
  );

  server.post(
    "/v1/apps/:app/webhooks",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "POST the app's events, signed, to an https:// or http:// URL",
        params: AppParams,
        body: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2048 }),
            events: Type.Array(Type.String({ maxLength: 64 }), {
              maxItems: 16,
              description: `One or more of ${WEBHOOK_EVENTS.join(", ")}`,
            }),
            secret: Type.Optional(
              Type.String({ maxLength: 256, description: "Generated (whsec_…) when absent" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedWebhookSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { app, principal } = appContext(request);
      return reply.status(201).send(await core.webhooks.add(app, request.body, principal));
    },
  );

  server.delete(
    "/v1/apps/:app/webhooks/:id",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Stop sending the app's events to a webhook; its pending deliveries are dropped",
        params: WebhookParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await core.webhooks.remove(appContext(request).app, request.params.id);
      return reply.status(204).send(null);
    },
  );

  server.get(
    "/v1/apps/:app/webhooks/:id/deliveries",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The webhook's last 100 deliveries, newest first, with every attempt",
        params: WebhookParams,
        response: { 200: Type.Array(DeliverySchema), ...errorResponses(404) },
      },
    },
    async (request) => core.webhookDeliveries.list(appContext(request).app, request.params.id),
  );
}
