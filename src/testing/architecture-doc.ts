// Reads the machine-checked parts of docs/architecture.md: the module table with what each module may
// import, the dependency rules with their exceptions, the event table and the list of modules that speak SQL.
// The grammar is described in the doc itself, under "## Dependencies".

/** A module name or path prefix as written in the doc (`runtime`, `runtime/local/limits`, `store/`). */
export type Target = string;

export interface ModuleRow {
  module: string;
  /** Modules this one may import; null when it may import anything (tests and their helpers). */
  mayImport: Target[] | null;
}

/** One import from a file to another, both as paths without extension (`build/exec` → `runtime/local/limits`). */
export interface Edge {
  from: string;
  to: string;
}

export type Rule =
  | { kind: "never"; text: string; from: Target; targets: Target[]; exceptions: Edge[] }
  | { kind: "loads-only"; text: string; entry: Target; targets: Target[]; exceptions: Edge[] };

export interface EventRow {
  event: string;
  emittedBy: string[];
  heardBy: string[];
}

/** The text of a section: from its heading line to the next heading of the same level or higher. */
export function section(markdown: string, heading: string): string {
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const start = markdown.split("\n").findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`docs/architecture.md has no "${heading}" heading`);
  const lines = markdown.split("\n").slice(start + 1);
  const end = lines.findIndex((line) => {
    const hashes = /^(#+) /.exec(line)?.[1];
    return hashes !== undefined && hashes.length <= level;
  });
  return lines.slice(0, end < 0 ? undefined : end).join("\n");
}

/** The body rows of the first table in `text` whose header starts with `columns`, as trimmed cells. */
export function tableRows(text: string, columns: string[]): string[][] {
  const lines = text.split("\n");
  const header = lines.findIndex((line) => {
    const cells = cellsOf(line);
    return columns.every((column, i) => cells[i] === column);
  });
  if (header < 0) throw new Error(`no table with the columns ${columns.join(" | ")}`);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(cellsOf(line));
  }
  return rows;
}

function cellsOf(line: string): string[] {
  if (!line.startsWith("|")) return [];
  return line
    .split("|")
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** The backticked names in a piece of text, without a trailing `/` or `.ts`. */
export function names(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? "").replace(/(\/|\.ts)$/, ""));
}

export function moduleRows(markdown: string): ModuleRow[] {
  return tableRows(section(markdown, "## Modules"), ["Module", "May import"]).map(
    ([module = "", imports = ""]) => {
      const [name] = names(module);
      if (!name) throw new Error(`a row of the module table names no module: ${module}`);
      return { module: name, mayImport: imports === "anything" ? null : names(imports) };
    },
  );
}

/**
 * The bullets under "### Rules". A rule is its first clause (up to `.`, `:` or `;`):
 * "`A` never imports `B`, `C`", "`A` and `B` never import each other" or "`X` loads only `A`, `B`"
 * (everything `X` imports, directly or not). Sub-bullets "`a/b` → `c/d`" are exceptions to the rule.
 */
export function rules(markdown: string): Rule[] {
  const items: Array<{ text: string; exceptions: string[] }> = [];
  for (const line of section(markdown, "### Rules").split("\n")) {
    const last = items.at(-1);
    if (line.startsWith("- ")) items.push({ text: line.slice(2), exceptions: [] });
    else if (/^\s+- /.test(line) && last) last.exceptions.push(line.trim().slice(2));
    else if (/^\s+\S/.test(line) && last) {
      // A wrapped line continues the last bullet or exception.
      if (last.exceptions.length > 0) last.exceptions[last.exceptions.length - 1] += ` ${line.trim()}`;
      else last.text += ` ${line.trim()}`;
    }
  }
  return items.flatMap(({ text, exceptions }): Rule[] => {
    const clause = text.split(/[.:;](?:\s|$)/)[0] ?? "";
    const edges = exceptions.map(exceptionEdge);
    const [first = "", ...rest] = names(clause);
    if (/never import each other/.test(clause)) {
      const [second = ""] = rest;
      return [
        { kind: "never", text: clause, from: first, targets: [second], exceptions: edges },
        { kind: "never", text: clause, from: second, targets: [first], exceptions: edges },
      ];
    }
    if (/never imports/.test(clause)) {
      return [{ kind: "never", text: clause, from: first, targets: rest, exceptions: edges }];
    }
    if (/loads only/.test(clause)) {
      return [{ kind: "loads-only", text: clause, entry: first, targets: rest, exceptions: edges }];
    }
    throw new Error(`docs/architecture.md: a rule the test cannot read: "${clause}"`);
  });
}

function exceptionEdge(text: string): Edge {
  const match = /^`([^`]+)`\s*(?:→|->)\s*`([^`]+)`/.exec(text);
  if (!match)
    throw new Error(`docs/architecture.md: an exception that is not "\`a/b\` → \`c/d\`": "${text}"`);
  return { from: match[1] ?? "", to: match[2] ?? "" };
}

export function eventRows(markdown: string): EventRow[] {
  return tableRows(section(markdown, "## Events"), ["Event", "Emitted by", "Heard by"]).map(
    ([event = "", emittedBy = "", heardBy = ""]) => ({
      event: names(event)[0] ?? event,
      emittedBy: names(emittedBy),
      heardBy: names(heardBy),
    }),
  );
}

/** The paths the bullets of "### Where SQL is spoken" start with. */
export function sqlSpeakers(markdown: string): string[] {
  return section(markdown, "### Where SQL is spoken")
    .split("\n")
    .filter((line) => line.startsWith("- "))
    .map((line) => names(line)[0] ?? line);
}

/** Whether a path such as `runtime/local/limits` is `target` or inside it. */
export function within(path: string, target: Target): boolean {
  return path === target || path.startsWith(`${target}/`);
}
