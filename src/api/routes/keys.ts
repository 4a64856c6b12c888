// Master key rotation (platform admins): every sealed value re-encrypted under a new key, apps keep serving.
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

export function keyRoutes(server: Server, core: Core): void {
  server.post(
    "/v1/admin/rotate-key",
    {
      config: { access: { permission: "platform:admin", scope: "platform" } },
      schema: {
        summary: "Rotate the master key: re-encrypt every sealed value under a new key version",
        description:
          "With the key file, the platform generates the key. With FIFTEEN_MASTER_KEY, send the new key " +
          "(then set FIFTEEN_MASTER_KEY to fkN:KEY before the platform restarts). The key is never returned.",
        body: Type.Object(
          {
            key: Type.Optional(
              Type.String({
                maxLength: 128,
                description:
                  "The new key (32 bytes as hex or base64); required when the key comes from the env",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            version: Type.Integer({ description: "The key version every sealed value now carries (fkN)" }),
            reencrypted: Type.Integer({ description: "Sealed values re-encrypted" }),
            keySource: Type.Union([Type.Literal("file"), Type.Literal("env")]),
          }),
          ...errorResponses(409, 422),
        },
      },
    },
    async (request) => core.keys.rotate({ key: request.body.key }),
  );
}
