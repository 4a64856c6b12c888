// Schema violations as a person reads them: "/formation/web/quantity must be an integer from 0 to 100".
// TypeBox reports keyword errors with JSON paths; this turns each into one sentence built from the schema.
import type { TSchema } from "typebox";
import { Settings } from "typebox/system";
import { Value } from "typebox/value";

type Node = Record<string, unknown>;
type SchemaError = ReturnType<typeof Value.Errors>[number];

/** TypeBox stops collecting at its maxErrors (8): too few to see every anyOf branch of a few bad entries. */
const MAX_RAW_ERRORS = 64;

function collect(schema: TSchema, value: unknown): SchemaError[] {
  const before = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_RAW_ERRORS });
  try {
    return Value.Errors(schema, value);
  } finally {
    Settings.Set({ maxErrors: before });
  }
}

/** Every violation of `schema` by `value`, as "PATH message", in document order, without repeats. */
export function schemaErrors(schema: TSchema, value: unknown): string[] {
  const errors = collect(schema, value);
  const anyOfs = errors.filter((e) => e.keyword === "anyOf");
  const out = new Set<string>();
  for (const error of errors) {
    // "boolean" repeats an additionalProperties error for each extra key.
    if (error.keyword === "boolean") continue;
    if (error.keyword === "anyOf") {
      if (fittingBranch(schema, error, value) === undefined) out.add(anyOfMessage(schema, error));
      continue;
    }
    const parent = anyOfs.find(
      (a) =>
        error.schemaPath.startsWith(`${a.schemaPath}/anyOf/`) &&
        (error.instancePath === a.instancePath || error.instancePath.startsWith(`${a.instancePath}/`)),
    );
    if (parent) {
      // Only the branch that suits the value's type speaks; the others' complaints would be noise.
      const branch = fittingBranch(schema, parent, value);
      if (branch === undefined || !error.schemaPath.startsWith(`${parent.schemaPath}/anyOf/${branch}`))
        continue;
    }
    out.add(message(schema, error));
  }
  return [...out];
}

function where(path: string): string {
  return path === "" ? "the top level" : path;
}

function message(schema: TSchema, error: SchemaError): string {
  const node = resolve(schema, error.schemaPath);
  const path = error.instancePath;
  const params = error.params as Node;
  switch (error.keyword) {
    case "type":
    case "minimum":
    case "maximum":
      return `${where(path)} must be ${describeType(node)}`;
    case "minLength":
      return node.minLength === 1
        ? `${where(path)} must not be empty`
        : `${where(path)} must be at least ${String(node.minLength)} characters`;
    case "maxLength":
      return `${where(path)} must be at most ${String(node.maxLength)} characters`;
    case "pattern":
      return `${where(path)} must match ${String(node.pattern)}`;
    case "enum":
      return `${where(path)} must be one of ${(node.enum as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `${where(path)} must be ${JSON.stringify(params.allowedValue)}`;
    case "minItems":
      return `${where(path)} must have at least ${String(node.minItems)} entries`;
    case "maxItems":
      return `${where(path)} must have at most ${String(node.maxItems)} entries`;
    case "maxProperties":
      return `${where(path)} must have at most ${String(node.maxProperties)} entries`;
    case "required":
      return (params.requiredProperties as string[]).map((p) => `${path}/${p} is required`).join("; ");
    case "additionalProperties": {
      const extra = params.additionalProperties as string[];
      const patterns = Object.keys((node.patternProperties as Node | undefined) ?? {});
      if (patterns.length > 0) {
        return extra
          .map(
            (key) => `${path}/${escape(key)} is not allowed: names here must match ${patterns.join(" or ")}`,
          )
          .join("; ");
      }
      const known = Object.keys((node.properties as Node | undefined) ?? {}).join(", ");
      return extra.map((key) => `${path}/${escape(key)} is not a known field (known: ${known})`).join("; ");
    }
    default:
      return `${where(path)} ${error.message}`;
  }
}

function describeType(node: Node): string {
  const { type, minimum, maximum } = node;
  if (type === "integer" || type === "number") {
    const noun = type === "integer" ? "an integer" : "a number";
    if (minimum !== undefined && maximum !== undefined)
      return `${noun} from ${String(minimum)} to ${String(maximum)}`;
    if (minimum !== undefined) return `${noun} of at least ${String(minimum)}`;
    if (maximum !== undefined) return `${noun} of at most ${String(maximum)}`;
    return noun;
  }
  return node.type === "object" ? "an object" : branchName(node);
}

function branchName(node: Node): string {
  switch (node.type) {
    case "string":
      return "a string";
    case "boolean":
      return "true or false";
    case "array":
      return "an array";
    case "object": {
      const fields = Object.keys((node.properties as Node | undefined) ?? {});
      return fields.length > 0 ? `an object with ${fields.join(", ")}` : "an object";
    }
    default:
      return typeof node.type === "string" ? node.type : "a valid value";
  }
}

function anyOfMessage(schema: TSchema, error: SchemaError): string {
  const branches = (resolve(schema, error.schemaPath).anyOf as Node[] | undefined) ?? [];
  return `${where(error.instancePath)} must be ${branches.map(branchName).join(" or ")}`;
}

/** The index of the anyOf branch whose type the value has, if exactly such a branch exists. */
function fittingBranch(schema: TSchema, error: SchemaError, root: unknown): number | undefined {
  const branches = (resolve(schema, error.schemaPath).anyOf as Node[] | undefined) ?? [];
  const value = valueAt(root, error.instancePath);
  const kind = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  const index = branches.findIndex((b) =>
    b.type === "integer" ? typeof value === "number" && Number.isInteger(value) : b.type === kind,
  );
  return index >= 0 ? index : undefined;
}

function escape(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    value = value !== null && typeof value === "object" ? (value as Node)[key] : undefined;
  }
  return value;
}

/**
 * The sub-schema at a TypeBox schema path (`#/properties/formation/patternProperties/^…$/properties/quantity`).
 * Its segments are not escaped, and pattern keys may hold "/", so each step takes the longest key that fits.
 */
function resolve(schema: TSchema, schemaPath: string): Node {
  let node = schema as unknown as Node;
  let rest = schemaPath.replace(/^#\/?/, "");
  while (rest !== "") {
    const keys = Object.keys(node)
      .filter((k) => rest === k || rest.startsWith(`${k}/`))
      .sort((a, b) => b.length - a.length);
    const key = keys[0];
    if (key === undefined) return node;
    node = node[key] as Node;
    rest = rest.slice(key.length + 1);
  }
  return node;
}
