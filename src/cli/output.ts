// Printing for humans (aligned tables, short ids) and for scripts (--json).

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as aligned columns under a header; prints `empty` instead when there are no rows. */
export function printTable(
  header: string[],
  rows: Array<Array<string | number | null>>,
  empty: string,
): void {
  if (rows.length === 0) {
    process.stdout.write(`${empty}\n`);
    return;
  }
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? "-" : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  for (const row of cells) {
    process.stdout.write(
      `${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")}\n`,
    );
  }
}

export function printPairs(pairs: Array<[string, string | number | null]>): void {
  const width = Math.max(...pairs.map(([k]) => k.length));
  for (const [key, value] of pairs) process.stdout.write(`${`${key}:`.padEnd(width + 2)}${value ?? "-"}\n`);
}

export function ago(iso: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

export function info(text: string): void {
  process.stderr.write(`${text}\n`);
}
