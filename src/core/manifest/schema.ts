// The app manifest's schema (fifteen.json): one TypeBox definition gives the TypeScript type, the build-time
// validation and the published JSON Schema (docs/fifteen.schema.json, GET /schemas/fifteen.json).
import { Type, type Static } from "typebox";
import { FEATURE_NAMES } from "../features.js";

/** Where editors can fetch the schema from a running platform (the API's default address). */
export const MANIFEST_SCHEMA_URL = "http://127.0.0.1:5050/schemas/fifteen.json";

/** Process type names, as in a Procfile. */
const PROCESS_TYPE = "^[A-Za-z0-9_-]{1,30}$";
/** Config keys, as config:set takes them. */
const CONFIG_KEY = "^[A-Za-z_][A-Za-z0-9_]{0,255}$";
/** Add-on aliases (the variable prefix), as addons:create --as takes them. */
const ADDON_ALIAS = "^[A-Z][A-Z0-9_]{0,39}$";

const Formation = Type.Record(
  Type.String({ pattern: PROCESS_TYPE }),
  Type.Object(
    {
      quantity: Type.Optional(
        Type.Integer({
          minimum: 0,
          maximum: 100,
          description: "How many processes of this type run, unless someone scaled the type with ps:scale.",
        }),
      ),
      size: Type.Optional(
        Type.String({
          pattern: "^[0-9]{1,7}(M|G|MB|GB|MiB|GiB)$",
          description:
            "Memory limit of each process of this type, 32M to 1024G (e.g. 512M, 1G), unless someone resized the type with ps:resize.",
        }),
      ),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  {
    additionalProperties: false,
    description: "Default formation per process type of the Procfile (release excepted).",
  },
);

const Healthcheck = Type.Object(
  {
    path: Type.Optional(
      Type.String({
        pattern: "^/[!-~]*$",
        maxLength: 1024,
        description: "A new web process counts as up once GET path answers 2xx or 3xx (after binding $PORT).",
      }),
    ),
    timeoutSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 600,
        description: "How long a new web process may take to come up; default FIFTEEN_BOOT_TIMEOUT_SECONDS.",
      }),
    ),
  },
  { additionalProperties: false, description: "When a new web process counts as up." },
);

const RequiredConfig = Type.Union([
  Type.String({
    minLength: 1,
    maxLength: 500,
    description: "Shorthand: a required key with this description.",
  }),
  Type.Object(
    {
      description: Type.String({
        minLength: 1,
        maxLength: 500,
        description: "What the value is and where to get it.",
      }),
      pattern: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 1000,
          description: "A JavaScript regular expression the whole value must match.",
        }),
      ),
      required: Type.Optional(
        Type.Boolean({ description: "Default true; false only checks the pattern when the key is set." }),
      ),
      value: Type.Optional(
        Type.String({
          maxLength: 32768,
          description: "A default: set on the app's first deploy when the config does not have the key.",
        }),
      ),
      generator: Type.Optional(
        Type.Literal("secret", {
          description:
            "secret: on the app's first deploy, a random value (64 hex digits) when the key is absent.",
        }),
      ),
      runtimeOnly: Type.Optional(
        Type.Boolean({
          description:
            "Default false; true keeps the value from build steps (processes and one-offs still get it).",
        }),
      ),
    },
    { additionalProperties: false },
  ),
]);

const Config = Type.Record(Type.String({ pattern: CONFIG_KEY }), RequiredConfig, {
  additionalProperties: false,
  maxProperties: 200,
  description:
    "Config the app needs: a release whose config lacks a required key, or has a value that does not match its pattern, fails before any process starts.",
});

const Addon = Type.Object(
  {
    kind: Type.String({ pattern: "^[a-z][a-z0-9-]{0,29}$", description: "postgres, redis or url." }),
    as: Type.Optional(
      Type.String({
        pattern: ADDON_ALIAS,
        description:
          "The variable prefix (DATABASE → DATABASE_URL); default: the kind's own (DATABASE, REDIS…).",
      }),
    ),
  },
  { additionalProperties: false },
);

const CronJob = Type.Object(
  {
    schedule: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "Five cron fields (minute hour day-of-month month day-of-week) or @hourly, @daily…",
    }),
    command: Type.Union(
      [
        Type.String({ minLength: 1, maxLength: 8192, description: "A command line, run by /bin/sh -c." }),
        Type.Array(Type.String({ minLength: 1 }), {
          minItems: 1,
          maxItems: 100,
          description: "An argv, run without a shell.",
        }),
      ],
      { description: "What runs, as a one-off process in the live release." },
    ),
    tz: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: "IANA time zone of the schedule; default UTC.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const ManifestSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: "This schema's URL, for editors." })),
    buildpack: Type.Optional(
      Type.Enum(["node", "static", "procfile"], { description: "Use this buildpack; detection is skipped." }),
    ),
    formation: Type.Optional(Formation),
    healthcheck: Type.Optional(Healthcheck),
    config: Type.Optional(Config),
    addons: Type.Optional(
      Type.Array(Addon, {
        maxItems: 20,
        description: "Add-ons provisioned on the deploy that first lists them.",
      }),
    ),
    cron: Type.Optional(
      Type.Array(CronJob, {
        maxItems: 50,
        description: "Scheduled jobs; each deploy makes the app's manifest jobs match this list.",
      }),
    ),
    features: Type.Optional(
      Type.Array(Type.Enum(FEATURE_NAMES), {
        uniqueItems: true,
        maxItems: 20,
        description:
          "Features the app runs with (http-session-affinity), unless someone turned one on or off with features:enable or features:disable.",
      }),
    ),
    scripts: Type.Optional(
      Type.Object(
        {
          postdeploy: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 8192,
              description:
                "A command line (run by /bin/sh -c) run once, as a one-off, after the app's first successful deploy.",
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type Manifest = Static<typeof ManifestSchema>;

/** The published JSON Schema document (docs/fifteen.schema.json is this, kept equal by a test). */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: MANIFEST_SCHEMA_URL,
    title: "fifteen.json",
    description:
      "The app manifest of Fifteen: an app's platform setup, in its repository (docs/manifest.md).",
    ...(JSON.parse(JSON.stringify(ManifestSchema)) as Record<string, unknown>),
  };
}
