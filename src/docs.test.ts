// Keeps the docs honest: every error code documented with its status, and the write path drawn.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { ERRORS, type ErrorSpec } from "./shared/errors.js";

// dist/docs.test.js → <repo>/docs/
const DOCS = new URL("../docs/", import.meta.url);

async function doc(name: string): Promise<string> {
  return readFile(new URL(name, DOCS), "utf8");
}

/** Rows of the form `| `CODE` | 404 | …`: the code and the documented HTTP status. */
function errorRows(markdown: string): Array<{ code: string; status: number }> {
  const rows: Array<{ code: string; status: number }> = [];
  for (const line of markdown.split("\n")) {
    const match = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*([^|]*?)\s*\|/.exec(line);
    if (!match) continue;
    const [, code = "", status = ""] = match;
    rows.push({ code, status: /^\d{3}$/.test(status) ? Number(status) : Number.NaN });
  }
  return rows;
}

describe("docs/errors.md", () => {
  const specs: Readonly<Record<string, ErrorSpec>> = ERRORS;

  test("has a Code / HTTP status / Meaning and fix table", async () => {
    assert.match(await doc("errors.md"), /^\|\s*Code\s*\|\s*HTTP status\s*\|\s*Meaning and fix\s*\|/m);
  });

  test("documents every code in ERRORS", async () => {
    const documented = new Set(errorRows(await doc("errors.md")).map((r) => r.code));
    const missing = Object.keys(specs).filter((code) => !documented.has(code));
    assert.deepEqual(missing, [], `codes missing from docs/errors.md: ${missing.join(", ")}`);
  });

  test("documents no code that is not in ERRORS, and each code once", async () => {
    const codes = errorRows(await doc("errors.md")).map((r) => r.code);
    const unknown = codes.filter((code) => !Object.hasOwn(specs, code));
    assert.deepEqual(unknown, [], `docs/errors.md lists codes not in ERRORS: ${unknown.join(", ")}`);
    const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
    assert.deepEqual(repeated, [], `docs/errors.md lists codes twice: ${repeated.join(", ")}`);
  });

  test("gives each code the HTTP status of ERRORS", async () => {
    for (const { code, status } of errorRows(await doc("errors.md"))) {
      const spec = specs[code];
      if (!spec) continue; // reported by the test above
      assert.equal(status, spec.status, `docs/errors.md: ${code} should have HTTP status ${spec.status}`);
    }
  });
});

describe("docs/architecture.md", () => {
  /** The first ```text block under the "## Write path" heading, before the next level-2 heading. */
  async function writePathDiagram(): Promise<string> {
    const markdown = await doc("architecture.md");
    const heading = /^## Write path[ \t]*$/m.exec(markdown);
    assert.ok(heading, 'docs/architecture.md has no "## Write path" heading');
    const section = markdown.slice(heading.index + heading[0].length).split(/^## /m)[0] ?? "";
    const diagram = /^```text[ \t]*\n([\s\S]*?)^```[ \t]*$/m.exec(section);
    assert.ok(diagram, 'the "## Write path" section has no ```text diagram');
    return diagram[1] ?? "";
  }

  test("draws the write path through every layer", async () => {
    const diagram = await writePathDiagram();
    const expected: Array<[string, RegExp]> = [
      ["api", /\bapi\b/i],
      ["core", /\bcore\b/i],
      ["store", /\bstore\b/i],
      ["BuildWorker", /BuildWorker|build worker/i],
      ["Builder", /\bBuilder\b/],
      ["SlugStore", /\bSlugStore\b/],
      ["release", /\brelease/i],
    ];
    const missing = expected.filter(([, pattern]) => !pattern.test(diagram)).map(([name]) => name);
    assert.deepEqual(missing, [], `the write path diagram does not mention: ${missing.join(", ")}`);
  });
});
