// metrics: request rate, latency quantiles, 5xx rate, memory and open WebSockets per process, with sparklines
import type { Command } from "commander";
import type { MetricSeries } from "../../client/index.js";
import { client, resolveApp } from "../context.js";
import { printJson } from "../output.js";

const BARS = "▁▂▃▄▅▆▇█";

/** One character per value, scaled from 0 to the largest value; gaps (null) are spaces. */
export function sparkline(values: readonly (number | null)[], width = 40): string {
  const step = Math.max(1, Math.ceil(values.length / width));
  const columns: (number | null)[] = [];
  for (let i = 0; i < values.length; i += step) {
    const slice = values.slice(i, i + step).filter((v): v is number => v !== null);
    columns.push(slice.length === 0 ? null : Math.max(...slice));
  }
  const max = Math.max(0, ...columns.filter((v): v is number => v !== null));
  return columns
    .map((v) => (v === null ? " " : BARS[max === 0 ? 0 : Math.min(7, Math.floor((v / max) * 7.999))]))
    .join("");
}

function ms(value: number | null): string {
  return value === null ? "-" : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value} ms`;
}

function bytes(value: number): string {
  return value >= 1 << 30 ? `${(value / (1 << 30)).toFixed(1)} GB` : `${(value / (1 << 20)).toFixed(1)} MB`;
}

export function renderMetrics(app: string, since: string, series: MetricSeries): string {
  const { points, summary } = series;
  const rows: [string, string, string][] = [
    ["requests/s", summary.rps.toFixed(2), sparkline(points.map((p) => p.rps))],
    ["p50", ms(summary.p50), sparkline(points.map((p) => p.p50))],
    ["p95", ms(summary.p95), sparkline(points.map((p) => p.p95))],
    ["p99", ms(summary.p99), sparkline(points.map((p) => p.p99))],
    [
      "5xx",
      summary.errorRate === null ? "-" : `${(summary.errorRate * 100).toFixed(1)} %`,
      sparkline(points.map((p) => p.errorRate)),
    ],
  ];
  const processes = [...new Set(points.flatMap((p) => Object.keys(p.memory)))].sort();
  for (const name of processes) {
    const values = points.map((p) => p.memory[name] ?? null);
    const last = values.filter((v): v is number => v !== null).at(-1) ?? 0;
    rows.push([`memory ${name}`, bytes(last), sparkline(values)]);
  }
  const sockets = [...new Set(points.flatMap((p) => Object.keys(p.websockets)))].sort();
  for (const name of sockets) {
    const values = points.map((p) => p.websockets[name] ?? null);
    const last = values.filter((v): v is number => v !== null).at(-1) ?? 0;
    rows.push([`websockets ${name}`, String(last), sparkline(values)]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const header = `=== ${app}: last ${since}, ${summary.requests} requests, ${series.resolution} s per point`;
  const body = rows.map(
    ([label, value, line]) => `${label.padEnd(width)}  ${value.padStart(valueWidth)}  ${line}`,
  );
  return [
    header,
    ...body,
    points.length === 0 ? "No data yet: requests through the router show up here." : "",
  ]
    .filter(Boolean)
    .join("\n");
}

export function metricsCommands(program: Command): void {
  program
    .command("metrics")
    .description("request rate, p50/p95/p99 latency, 5xx rate, memory and open WebSockets per process")
    .option("-a, --app <name>", "the app")
    .option("--since <when>", "how far back: a duration (30m, 1h, 7d) or a time", "1h")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; since: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const series = await (await client()).metrics(app, opts.since);
      if (opts.json) return printJson(series);
      process.stdout.write(`${renderMetrics(app, opts.since, series)}\n`);
    });
}
