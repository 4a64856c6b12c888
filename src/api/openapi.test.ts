// Holds /openapi.json to the API: a valid OpenAPI 3.1 document that lists every registered route, each with
// a summary, its parameters, its request body, a success response with a schema, and its error responses.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { ADMIN_TOKEN, startTestPlatform, type TestPlatform } from "../testing/platform.js";

interface Operation {
  summary?: string;
  parameters?: Array<{ in: string; name: string; schema?: unknown }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

type Paths = Record<string, Record<string, Operation>>;

/** Fastify's `/v1/apps/:app` as OpenAPI's `/v1/apps/{app}`. */
function openapiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

describe("the OpenAPI document", () => {
  let t: TestPlatform;
  let doc: { openapi: string; paths: Paths };

  before(async () => {
    t = await startTestPlatform();
    const res = await fetch(`${t.apiUrl}/openapi.json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(res.status, 200);
    doc = (await res.json()) as typeof doc;
  });
  after(() => t.close());

  it("validates as OpenAPI 3.1", async () => {
    assert.equal(doc.openapi, "3.1.0");
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it("lists every registered route, and nothing else", () => {
    const registered = t.platform.routes.map((r) => `${r.method} ${openapiPath(r.url)}`).sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    assert.ok(registered.length >= 45, `the whole API is registered: ${registered.length}`);
    assert.deepEqual(documented, registered);
  });

  it("gives every route a summary, its parameters, its body and a success response with a schema", () => {
    for (const route of t.platform.routes) {
      const name = `${route.method} ${route.url}`;
      const op = doc.paths[openapiPath(route.url)]?.[route.method.toLowerCase()];
      assert.ok(op, name);
      assert.ok(op.summary && op.summary.length > 10, `${name} has a summary`);
      for (const param of route.url.match(/:([A-Za-z0-9_]+)/g) ?? []) {
        const p = op.parameters?.find((x) => x.in === "path" && x.name === param.slice(1));
        assert.ok(p?.schema, `${name} documents its path parameter ${param}`);
      }
      if (route.hasBody) {
        const content = Object.values(op.requestBody?.content ?? {});
        assert.ok(content.length > 0 && content.every((c) => c.schema), `${name} documents its request body`);
      }
      const success = Object.entries(op.responses ?? {}).filter(([code]) => /^[12]\d\d$/.test(code));
      assert.ok(success.length > 0, `${name} documents a success response`);
      for (const [code, response] of success) {
        if (code === "101" || code === "204") continue;
        const content = Object.values(response.content ?? {});
        assert.ok(content.length > 0 && content.every((c) => c.schema), `${name} ${code} has a schema`);
      }
    }
  });

  it("documents the error responses of every route, with the error body", () => {
    for (const route of t.platform.routes) {
      const name = `${route.method} ${route.url}`;
      const op = doc.paths[openapiPath(route.url)]?.[route.method.toLowerCase()];
      const errors = Object.entries(op?.responses ?? {}).filter(([code]) => /^[45]\d\d$/.test(code));
      if (route.public) {
        assert.deepEqual(op?.security, [], `${name} needs no token`);
        continue;
      }
      const codes = errors.map(([code]) => code);
      for (const required of ["400", "401", "403"])
        assert.ok(codes.includes(required), `${name} documents ${required}`);
      if (route.url.includes(":app"))
        assert.ok(codes.includes("404"), `${name} documents 404 for an unknown app`);
      for (const [code, response] of errors) {
        const schema = response.content?.["application/json"]?.schema as { properties?: object } | undefined;
        assert.ok(schema?.properties && "code" in schema.properties, `${name} ${code} has the error body`);
      }
    }
  });
});
