// Certificate routes: TLS certificates for the app's host names (the router serves them by SNI).
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const CertificateSchema = Type.Object({
  hostname: Type.String(),
  subject: Type.String(),
  altNames: Type.Array(Type.String(), {
    description: "Subject alternative names, e.g. DNS:shop.example.com",
  }),
  issuer: Type.String(),
  notBefore: Type.String({ format: "date-time" }),
  expiresAt: Type.String({ format: "date-time" }),
  fingerprint: Type.String({ description: "SHA-256 of the leaf certificate, colon-separated hex" }),
  createdAt: Type.String({ format: "date-time" }),
});

const HostParams = Type.Object({
  app: Type.String({ maxLength: 64 }),
  hostname: Type.String({ maxLength: 253 }),
});

export function certRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/certs",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The app's TLS certificates (never their keys)",
        params: AppParams,
        response: { 200: Type.Array(CertificateSchema), ...errorResponses(404) },
      },
    },
    async (request) => core.certs.list(appContext(request).app),
  );

  server.get(
    "/v1/apps/:app/certs/:hostname",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "One host's TLS certificate",
        params: HostParams,
        response: { 200: CertificateSchema, ...errorResponses(404) },
      },
    },
    async (request) => core.certs.info(appContext(request).app, request.params.hostname),
  );

  server.put(
    "/v1/apps/:app/certs/:hostname",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Add or replace the TLS certificate of one of the app's host names",
        params: HostParams,
        body: Type.Object(
          {
            cert: Type.String({ maxLength: 65_536, description: "PEM certificate chain, leaf first" }),
            privateKey: Type.String({ maxLength: 16_384, description: "PEM private key, not encrypted" }),
          },
          { additionalProperties: false },
        ),
        response: { 200: CertificateSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) =>
      core.certs.add(
        appContext(request).app,
        request.params.hostname,
        request.body.cert,
        request.body.privateKey,
      ),
  );

  server.delete(
    "/v1/apps/:app/certs/:hostname",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Remove a host's TLS certificate",
        params: HostParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await core.certs.remove(appContext(request).app, request.params.hostname);
      return reply.status(204).send(null);
    },
  );
}
