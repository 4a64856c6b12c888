// Holds docs/architecture.md to the code: the module table and the dependency rules against the compiled
// import graph (madge over dist/), the event table against CoreEvents and the code that emits and hears each
// event, and the list of modules that speak SQL against the files that do.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { posix } from "node:path";
import { before, describe, test } from "node:test";
import madge from "madge";
import {
  eventRows,
  moduleRows,
  rules,
  sqlSpeakers,
  within,
  type Edge,
  type ModuleRow,
  type Rule,
} from "./testing/architecture-doc.js";

// dist/architecture.test.js → <repo>/dist/, <repo>/src/, <repo>/docs/
const DIST = new URL("./", import.meta.url);
const SRC = new URL("../src/", import.meta.url);
const DOCS = new URL("../docs/", import.meta.url);

/** Tests and their helpers may import anything; the rules are about the product's code. */
function isProductCode(path: string): boolean {
  return !/\.test$/.test(path) && !within(path, "testing") && !within(path, "e2e");
}

const moduleOf = (path: string): string => path.split("/")[0] ?? path;
const show = (edge: Edge): string => `${edge.from} → ${edge.to}`;
const isException = (edge: Edge, rule: Rule): boolean =>
  rule.exceptions.some((e) => within(edge.from, e.from) && within(edge.to, e.to));

/**
 * What the compiled code imports, file by file (paths without `.js`). Type-only imports are erased by tsc
 * and so do not count. A file left in dist/ by an earlier build (its source is gone) is skipped.
 */
async function importGraph(): Promise<Map<string, string[]>> {
  const result = await madge(fileURLToPath(DIST), { fileExtensions: ["js"], excludeRegExp: [/\.test\.js$/] });
  const graph = new Map<string, string[]>();
  for (const [file, imports] of Object.entries(result.obj())) {
    const path = file.replace(/\.js$/, "");
    if (!existsSync(new URL(`${path}.ts`, SRC))) continue;
    graph.set(
      path,
      imports.map((i) => i.replace(/\.js$/, "")),
    );
  }
  return graph;
}

/** The product's imports that cross from one module to another. */
function crossings(graph: Map<string, string[]>): Edge[] {
  const edges: Edge[] = [];
  for (const [from, imports] of graph) {
    if (!isProductCode(from)) continue;
    for (const to of imports) if (moduleOf(from) !== moduleOf(to)) edges.push({ from, to });
  }
  return edges;
}

/** Every file `entry` loads, directly or through others. */
function closure(graph: Map<string, string[]>, entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...graph.keys()].filter((file) => within(file, entry));
  while (queue.length > 0) {
    const file = queue.pop() ?? "";
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(graph.get(file) ?? []));
  }
  return seen;
}

/** The product's TypeScript sources, as paths relative to src/ without `.ts`, with their text. */
async function sources(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(SRC, { recursive: true })) {
    const path = entry.replaceAll("\\", "/");
    if (!path.endsWith(".ts") || path.endsWith(".d.ts")) continue;
    const name = path.slice(0, -".ts".length);
    if (isProductCode(name)) files.set(name, await readFile(new URL(path, SRC), "utf8"));
  }
  return files;
}

/**
 * What the sources import, type-only imports included, as crossings between modules: the "never imports"
 * rules hold for types too (a port that names a runtime type ties core to the runtime as surely as a call).
 */
function sourceCrossings(files: Map<string, string>): Edge[] {
  const edges: Edge[] = [];
  for (const [from, text] of files) {
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/g)) {
      const to = posix.join(posix.dirname(from), match[1] ?? "").replace(/\.js$/, "");
      if (moduleOf(from) !== moduleOf(to)) edges.push({ from, to });
    }
  }
  return edges;
}

describe("docs/architecture.md", () => {
  let markdown = "";
  let rows: ModuleRow[] = [];
  let graph = new Map<string, string[]>();
  let edges: Edge[] = [];

  before(async () => {
    markdown = await readFile(new URL("architecture.md", DOCS), "utf8");
    rows = moduleRows(markdown);
    graph = await importGraph();
    edges = crossings(graph);
  });

  test("the module table has one row per folder of src/, and no other", async () => {
    const folders = (await readdir(SRC, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const listed = rows.map((row) => row.module);
    assert.deepEqual(
      folders.filter((f) => !listed.includes(f)),
      [],
      "folders of src/ missing from the module table",
    );
    assert.deepEqual(
      listed.filter((m) => !folders.includes(m)),
      [],
      "modules in the table that are not folders of src/",
    );
    const named = rows.flatMap((row) => row.mayImport ?? []).filter((m) => !listed.includes(m));
    assert.deepEqual(named, [], '"May import" names modules that have no row');
  });

  test("every import from one module to another is one its row allows or a rule excepts", () => {
    const excepted = rules(markdown).flatMap((rule) => rule.exceptions);
    const refused = edges.filter((edge) => {
      const row = rows.find((r) => r.module === moduleOf(edge.from));
      if (!row || row.mayImport === null) return false;
      if (row.mayImport.includes(moduleOf(edge.to))) return false;
      return !excepted.some((e) => within(edge.from, e.from) && within(edge.to, e.to));
    });
    assert.deepEqual(refused.map(show), [], "imports the module table does not allow");
  });

  test("every module uses each import its row allows (the table says what the code does)", () => {
    const unused = rows.flatMap((row) =>
      (row.mayImport ?? [])
        .filter((target) => !edges.some((e) => moduleOf(e.from) === row.module && moduleOf(e.to) === target))
        .map((target) => `${row.module} → ${target}`),
    );
    assert.deepEqual(
      unused,
      [],
      "allowed in the module table but imported nowhere: remove them from the row",
    );
  });

  test("the rules hold, and no row allows what a rule forbids", () => {
    const broken: string[] = [];
    for (const rule of rules(markdown)) {
      if (rule.kind === "never") {
        const row = rows.find((r) => r.module === moduleOf(rule.from));
        for (const target of rule.targets) {
          if (row?.mayImport?.includes(target) && rule.from === row.module) {
            broken.push(`${rule.text}: the row of ${row.module} allows ${target}`);
          }
        }
        const forbidden = edges.filter(
          (e) =>
            within(e.from, rule.from) && rule.targets.some((t) => within(e.to, t)) && !isException(e, rule),
        );
        broken.push(...forbidden.map((e) => `${rule.text}: ${show(e)}`));
      } else {
        const loaded = [...closure(graph, rule.entry)];
        const outside = loaded.filter((file) => !rule.targets.some((t) => within(file, t)));
        broken.push(...outside.map((file) => `${rule.text}: ${rule.entry} loads ${file}`));
      }
    }
    assert.deepEqual(broken, [], "broken rules");
  });

  test("the rules that forbid an import hold for type-only imports too", async () => {
    const typeEdges = sourceCrossings(await sources());
    const broken = rules(markdown).flatMap((rule) =>
      rule.kind === "never"
        ? typeEdges
            .filter(
              (e) =>
                within(e.from, rule.from) &&
                rule.targets.some((t) => within(e.to, t)) &&
                !isException(e, rule),
            )
            .map((e) => `${rule.text}: ${show(e)}`)
        : [],
    );
    assert.deepEqual(broken, [], "broken rules (type imports included)");
  });

  test("every name a rule uses is a module or a file of src/", () => {
    const files = [...graph.keys()];
    const unknown = rules(markdown)
      .flatMap((rule) =>
        rule.kind === "never" ? [rule.from, ...rule.targets] : [rule.entry, ...rule.targets],
      )
      .filter((name) => !files.some((file) => within(file, name)));
    assert.deepEqual([...new Set(unknown)], [], "names in the rules that match no compiled file");
  });

  test("every exception a rule lists is still in the code (remove it once it is gone)", () => {
    const stale = rules(markdown).flatMap((rule) =>
      rule.exceptions
        .filter((x) => !edges.some((e) => within(e.from, x.from) && within(e.to, x.to)))
        .map(show),
    );
    // "`A` and `B` never import each other" is two rules sharing one list of exceptions.
    assert.deepEqual([...new Set(stale)], [], "exceptions no import needs any more");
  });
});

describe("docs/architecture.md: events", () => {
  /** The keys of `interface CoreEvents` in src/core/events.ts. */
  async function coreEvents(): Promise<string[]> {
    const code = await readFile(new URL("core/events.ts", SRC), "utf8");
    const body = /export interface CoreEvents \{([\s\S]*?)\n\}/.exec(code)?.[1] ?? "";
    return [...body.matchAll(/^ {2}"([a-z]+\.[a-z]+)":/gm)].map((m) => m[1] ?? "");
  }

  /** For each event, the modules whose code calls `.emit("event"` or `.on("event"`. */
  async function usage(call: "emit" | "on", events: string[]): Promise<Map<string, string[]>> {
    const modules = new Map<string, Set<string>>(events.map((e) => [e, new Set()]));
    for (const [path, code] of await sources()) {
      const pattern = new RegExp(`\\.${call}\\(\\s*"([a-z]+\\.[a-z]+)"`, "g");
      for (const [, event = ""] of code.matchAll(pattern)) modules.get(event)?.add(moduleOf(path));
    }
    return new Map([...modules].map(([event, set]) => [event, [...set].sort()]));
  }

  test("lists each event of CoreEvents once, and no other", async () => {
    const events = await coreEvents();
    assert.ok(events.length > 0, "no events found in src/core/events.ts");
    const listed = eventRows(await readFile(new URL("architecture.md", DOCS), "utf8")).map(
      (row) => row.event,
    );
    assert.deepEqual([...listed].sort(), [...events].sort(), "the event table against CoreEvents");
  });

  test("names the modules that emit and hear each event", async () => {
    const events = await coreEvents();
    const [emitters, listeners] = await Promise.all([usage("emit", events), usage("on", events)]);
    for (const row of eventRows(await readFile(new URL("architecture.md", DOCS), "utf8"))) {
      assert.deepEqual([...row.emittedBy].sort(), emitters.get(row.event) ?? [], `${row.event}: emitted by`);
      assert.deepEqual([...row.heardBy].sort(), listeners.get(row.event) ?? [], `${row.event}: heard by`);
    }
  });
});

describe("docs/architecture.md: SQL", () => {
  /** A SQL client imported (types too) or a statement built: Kysely, better-sqlite3 or pg. */
  const SPEAKS_SQL = [
    /from "(kysely|better-sqlite3|pg)"/,
    /\.(selectFrom|insertInto|updateTable|deleteFrom|pragma)\(/,
    /\bsql`/,
  ];

  test("lists exactly the modules that speak SQL", async () => {
    const listed = sqlSpeakers(await readFile(new URL("architecture.md", DOCS), "utf8"));
    const speakers = [...(await sources())]
      .filter(([, code]) => SPEAKS_SQL.some((pattern) => pattern.test(code)))
      .map(([path]) => path);
    assert.deepEqual(
      speakers.filter((path) => !listed.some((l) => within(path, l))).sort(),
      [],
      "files that speak SQL but are not listed",
    );
    assert.deepEqual(
      listed.filter((l) => !speakers.some((path) => within(path, l))),
      [],
      "listed as speaking SQL, but no file there does",
    );
  });
});
