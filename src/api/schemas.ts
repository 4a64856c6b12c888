// Response and parameter schemas shared by the routes; they also feed the OpenAPI document.
import { Type, type TSchema } from "typebox";
import { ManifestSchema } from "../core/index.js";
import { ERRORS } from "../shared/errors.js";

const errorBody = (description: string) =>
  Type.Object(
    {
      code: Type.String({ description: "A code from docs/errors.md" }),
      message: Type.String({ description: "What went wrong and how to fix it" }),
    },
    { description },
  );

export const AppParams = Type.Object({ app: Type.String({ maxLength: 64 }) });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const AppSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});

export const AppInfoSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  currentRelease: Nullable(Type.Integer()),
  gitUrlPath: Type.String(),
  deployBranch: Type.String({ description: "The one branch a git push deploys" }),
  webUrl: Nullable(
    Type.String({ description: "Where the router serves the app (http://NAME.localhost:PORT)" }),
  ),
});

export const ConfigSchema = Type.Object({
  version: Type.Integer(),
  vars: Type.Record(Type.String(), Type.String()),
  /** Keys set with `--runtime-only`: processes get them, build steps never do. */
  runtimeOnly: Type.Array(Type.String()),
});

const ReleaseFields = {
  id: Type.String(),
  app: Type.String(),
  version: Type.Integer(),
  status: Type.Union([Type.Literal("pending"), Type.Literal("succeeded"), Type.Literal("failed")]),
  description: Type.String(),
  slugDigest: Type.String(),
  sourceDigest: Nullable(Type.String()),
  commit: Nullable(Type.String()),
  configVersion: Type.Integer(),
  processTypes: Type.Record(Type.String(), Type.String()),
  buildpack: Nullable(Type.String()),
  buildId: Nullable(Type.String()),
  rollbackOf: Nullable(Type.Integer()),
  promotedFromApp: Nullable(Type.String({ description: "For a promotion: the app whose slug it copied" })),
  promotedFromRelease: Nullable(
    Type.Integer({ description: "For a promotion: the version of the release it copied" }),
  ),
  manifest: Type.Union([ManifestSchema, Type.Null()], {
    description: "The app manifest (fifteen.json) its slug was built with; null without one",
  }),
  failure: Nullable(Type.String()),
  failureOutput: Nullable(
    Type.Array(Type.String(), {
      description: "A failed release: the last lines (up to 20) its failing process printed, oldest first",
    }),
  ),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  current: Type.Boolean(),
};
export const ReleaseSchema = Type.Object(ReleaseFields);

export const ConfigChangeSchema = Type.Object({
  config: ConfigSchema,
  release: Nullable(ReleaseSchema),
});

export const BuildSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  app: Type.String(),
  status: Type.Union([
    Type.Literal("queued"),
    Type.Literal("running"),
    Type.Literal("succeeded"),
    Type.Literal("failed"),
    Type.Literal("canceled"),
  ]),
  source: Type.Object({
    kind: Type.Union([Type.Literal("git"), Type.Literal("tarball")]),
    digest: Type.String(),
    commit: Nullable(Type.String()),
    size: Type.Integer(),
  }),
  buildpack: Nullable(Type.String()),
  slugDigest: Nullable(Type.String()),
  errorCode: Nullable(Type.String()),
  error: Nullable(Type.String()),
  release: Nullable(Type.Integer()),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  startedAt: Nullable(Type.String({ format: "date-time" })),
  finishedAt: Nullable(Type.String({ format: "date-time" })),
});

/** Error responses a route documents: the auth failures every route has, plus its own. */
export function errorResponses(...statuses: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const status of new Set([400, 401, 403, ...statuses])) {
    const codes = Object.entries(ERRORS)
      .filter(([, spec]) => spec.status === status)
      .map(([code]) => code);
    out[status] = errorBody(codes.join(", "));
  }
  return out;
}
