// docs/api.md, rendered from the OpenAPI document: one section per resource, one entry per route with who
// may call it, its parameters, its body and its responses. A test keeps the committed page current.
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: { type?: string | string[]; enum?: unknown[]; description?: string };
  description?: string;
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
  "x-fifteen-access"?: string;
}

export interface OpenApiDocument {
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
}

const ORDER = [
  "meta",
  "apps",
  "config-vars",
  "builds",
  "releases",
  "rollbacks",
  "formation",
  "processes",
  "cron",
];

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function typeOf(p: Parameter): string {
  const type = [p.schema?.type ?? "string"].flat().join(" or ");
  return p.schema?.enum ? p.schema.enum.map((v) => `\`${String(v)}\``).join(", ") : type;
}

function entry(method: string, path: string, op: Operation): string {
  const lines = [`### \`${method.toUpperCase()} ${path}\``, "", op.summary ?? "", ""];
  lines.push(`Access: ${op["x-fifteen-access"] ?? "a token"}.`, "");
  const params = op.parameters ?? [];
  if (params.length > 0) {
    lines.push("| Parameter | In | Type | Required |", "| --- | --- | --- | --- |");
    for (const p of params) {
      lines.push(`| \`${p.name}\` | ${p.in} | ${cell(typeOf(p))} | ${p.required ? "yes" : "no"} |`);
    }
    lines.push("");
  }
  const body = op.requestBody?.content;
  if (body) {
    const [mediaType, content] = Object.entries(body)[0] ?? [];
    const fields = Object.keys(content?.schema?.properties ?? {});
    lines.push(
      `Body: \`${mediaType ?? ""}\`${fields.length > 0 ? ` with ${fields.map((f) => `\`${f}\``).join(", ")}` : ""}.`,
      "",
    );
  }
  const responses = Object.entries(op.responses ?? {}).map(([code, r]) =>
    `${code} ${r.description ?? ""}`.trim(),
  );
  lines.push(`Responses: ${responses.join("; ")}.`, "");
  return lines.join("\n");
}

export function renderReference(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), entry(method, path, op)]);
    }
  }
  const tags = [...byTag.keys()].sort((a, b) => {
    const rank = (t: string) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  const out = [
    "# API reference",
    "",
    "<!-- Generated from /openapi.json by `npm run openapi`; scripts/openapi/derived.test.ts keeps it current. -->",
    "",
    `Every route of the ${doc.info.title}, from its OpenAPI 3.1 document (\`GET /openapi.json\`, which also has`,
    "the full request and response schemas). Send `Authorization: Bearer TOKEN`; errors are",
    '`{"code": "…", "message": "…"}` with the codes in [errors.md](errors.md).',
    "",
  ];
  for (const tag of tags) out.push(`## ${tag}`, "", ...(byTag.get(tag) ?? []));
  return `${out.join("\n").trimEnd()}\n`;
}
