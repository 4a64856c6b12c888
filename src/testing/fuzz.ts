// Malformed requests generated from an OpenAPI operation: wrong types, missing and unknown fields, huge
// strings, bad numbers, bad path parameters, broken JSON, wrong content types. Deterministic for a seed.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
}

export interface Operation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

export interface FuzzRequest {
  /** What is malformed, for failure messages. */
  label: string;
  method: string;
  /** The path and query, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** mulberry32: a small seeded generator, so every run sends the same requests. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HUGE = "x".repeat(100_000);

/** Path segments no route should accept (each already percent-encoded where it must be). */
const BAD_SEGMENTS = [
  "..",
  "%2e%2e",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%ff%fe",
  "%E2%9C%93-%C3%BC",
  "A%20B",
  "-",
  "a".repeat(5_000),
  "%25%25%25",
  "%3Cscript%3E",
  "'%3B%20DROP%20TABLE%20apps%3B--",
  "9".repeat(40),
  "-1",
];

function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type) return type;
  if (schema.properties || schema.additionalProperties) return "object";
  return undefined;
}

/** A value the schema accepts (required fields only), to hold the rest of a request valid. */
export function sample(schema: JsonSchema | undefined): unknown {
  if (!schema) return {};
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const branch = schema.anyOf ?? schema.oneOf;
  if (branch) return sample(branch.find((b) => b.type !== "null") ?? branch[0]);
  switch (typeOf(schema)) {
    case "string":
      return "f".repeat(Math.max(1, schema.minLength ?? 1));
    case "integer":
    case "number":
      return Math.max(1, schema.minimum ?? 1);
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key]);
      return out;
    }
    default:
      return "f";
  }
}

/** Values of the wrong JSON type for the schema. */
function wrongTypes(schema: JsonSchema): unknown[] {
  switch (typeOf(schema)) {
    case "string":
      return [12345, true, ["a"], { a: 1 }];
    case "integer":
    case "number":
      return ["not a number", true, [1], { n: 1 }];
    case "boolean":
      return ["maybe", 2, [true]];
    case "array":
      return [{ a: 1 }, "a", 7];
    case "object":
      return [["a"], "a", 7];
    default:
      return [{ deep: [{ deeper: [1] }] }];
  }
}

/** Values of the right type that no sane field accepts. */
function badValues(schema: JsonSchema): unknown[] {
  switch (typeOf(schema)) {
    case "string":
      return [HUGE, "", "\u0000nul", "\ud800lone surrogate", "../../etc/passwd", "ü".repeat(3000)];
    case "integer":
    case "number":
      return [-1, -1e9, 1e308, 2 ** 53 + 1, 0.5, 0];
    case "array":
      return [Array.from({ length: 5000 }, () => "x"), [null], [[[]]]];
    default:
      return [];
  }
}

function withField(base: unknown, key: string, value: unknown): Record<string, unknown> {
  return { ...(base as Record<string, unknown>), [key]: value };
}

/** Body variants for a JSON body schema: each leaves the request invalid. */
function jsonBodies(schema: JsonSchema): Array<{ label: string; value: unknown }> {
  const valid = sample(schema);
  const out: Array<{ label: string; value: unknown }> = [];
  if (typeOf(schema) !== "object") {
    for (const value of wrongTypes(schema)) out.push({ label: "body of the wrong type", value });
    return out;
  }
  const fields = Object.entries(schema.properties ?? {});
  const open = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
  if (open) fields.push(["FUZZ_KEY", open]);
  for (const [key, field] of fields) {
    for (const value of wrongTypes(field))
      out.push({ label: `${key}: wrong type`, value: withField(valid, key, value) });
    for (const value of badValues(field))
      out.push({ label: `${key}: bad value`, value: withField(valid, key, value) });
  }
  for (const key of schema.required ?? []) {
    const missing = { ...(valid as Record<string, unknown>) };
    delete missing[key];
    out.push({ label: `missing ${key}`, value: missing });
  }
  out.push({ label: "unknown field", value: withField(valid, "fuzzUnknown", { deep: [{ deeper: [1] }] }) });
  out.push({ label: "array for the object", value: [valid] });
  out.push({ label: "string for the object", value: "an object was expected" });
  out.push({ label: "null body", value: null });
  out.push({ label: "number body", value: -1 });
  return out;
}

/** Every malformed request for one operation, with `good` values for path parameters it is not attacking. */
export function malformedRequests(
  method: string,
  path: string,
  op: Operation,
  good: (param: string, schema: JsonSchema | undefined) => string,
  auth: Record<string, string>,
): FuzzRequest[] {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === "path");
  const query = params.filter((p) => p.in === "query");
  const fill = (override: Record<string, string> = {}) =>
    path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const param = pathParams.find((p) => p.name === name);
      return override[name] ?? encodeURIComponent(good(name, param?.schema));
    });
  const goodUrl = fill();
  const upper = method.toUpperCase();
  const out: FuzzRequest[] = [];
  const add = (label: string, url: string, headers: Record<string, string> = {}, body?: string | Buffer) =>
    out.push({
      label,
      method: upper,
      url,
      headers: { ...auth, ...headers },
      ...(body === undefined ? {} : { body }),
    });

  for (const param of pathParams) {
    for (const segment of BAD_SEGMENTS)
      add(`path ${param.name}=${segment.slice(0, 30)}`, fill({ [param.name]: segment }));
  }
  for (const param of query) {
    const schema = param.schema ?? {};
    const values = [...wrongTypes(schema), ...badValues(schema)]
      .filter((v) => typeof v !== "string" || v.length < 20_000)
      .map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v)));
    values.push("%zz", "\u0000", "a".repeat(8_000));
    for (const value of values) {
      // A lone surrogate cannot be percent-encoded as UTF-8: send its raw bytes instead.
      const encoded = /[\ud800-\udfff]/.test(value) ? "%ED%A0%80" : encodeURIComponent(value);
      add(`query ${param.name}=${value.slice(0, 30)}`, `${goodUrl}?${param.name}=${encoded}`);
    }
    add(`query ${param.name} twice`, `${goodUrl}?${param.name}=a&${param.name}=b`);
  }
  // For every operation, whatever its parameters: junk in the query string and in the credentials.
  add("junk query string", `${goodUrl}?%zz=%zz&a[]=1&a[b]=2&${"q".repeat(6000)}=1`);
  for (const authorization of [
    `Bearer fft_${"A".repeat(5000)}`,
    "Bearer",
    "Basic !!!not-base64!!!",
    `Basic ${Buffer.from("x:fft_wrong").toString("base64")}`,
    "Bearer fft_ünïcode",
  ]) {
    out.push({
      label: `bad credentials ${authorization.slice(0, 20)}`,
      method: upper,
      url: goodUrl,
      headers: { authorization },
    });
  }
  const content = op.requestBody?.content ?? {};
  const json = content["application/json"]?.schema;
  if (json) {
    const type = { "content-type": "application/json" };
    for (const { label, value } of jsonBodies(json)) add(label, goodUrl, type, JSON.stringify(value));
    add("broken JSON", goodUrl, type, '{"a": ');
    add("JSON with a trailing comma", goodUrl, type, '{"a": 1,}');
    add("deeply nested JSON", goodUrl, type, `${"[".repeat(5000)}${"]".repeat(5000)}`);
    add("empty JSON body", goodUrl, type, "");
    add("wrong content type", goodUrl, { "content-type": "text/plain" }, JSON.stringify(sample(json)));
    add("form content type", goodUrl, { "content-type": "application/x-www-form-urlencoded" }, "a=1");
    add("no body", goodUrl);
  } else if (Object.keys(content).length > 0) {
    // A streamed upload (tarball, git pack): junk bytes, an empty body, and the wrong content type.
    const [type] = Object.keys(content) as [string];
    add(
      "junk upload",
      goodUrl,
      { "content-type": type },
      Buffer.from("this is not a gzip tarball or a pack"),
    );
    add("empty upload", goodUrl, { "content-type": type }, Buffer.alloc(0));
    add("gzip header only", goodUrl, { "content-type": type }, Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    add("JSON instead of the upload", goodUrl, { "content-type": "application/json" }, '{"a":1}');
  } else if (upper !== "GET") {
    add("unexpected broken JSON body", goodUrl, { "content-type": "application/json" }, '{"a": ');
  }
  return out;
}
