// The exporting side of tracing (OpenTelemetry SDK + OTLP/HTTP exporter), loaded only when a collector is set.
import type { Attributes } from "@opentelemetry/api";
import { ExportResultCode } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { Tracing, TracingOptions } from "./tracing.js";

const REPORT_EVERY_MS = 60_000;

/** Reports failed exports without flooding the log when the collector is down for a while. */
class ReportingExporter implements SpanExporter {
  #failures = 0;
  #reportedAt = 0;

  constructor(
    private readonly inner: SpanExporter,
    private readonly report: (error: Error, failures: number) => void,
  ) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter["export"]>[1]): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.FAILED) {
        this.#failures += 1;
        const now = Date.now();
        if (now - this.#reportedAt >= REPORT_EVERY_MS) {
          this.#reportedAt = now;
          this.report(result.error ?? new Error("export failed"), this.#failures);
          this.#failures = 0;
        }
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export function exportingTracing(options: TracingOptions & { endpoint: string }, scope: string): Tracing {
  const attributes: Attributes = { [ATTR_SERVICE_NAME]: options.serviceName };
  if (options.serviceVersion) attributes[ATTR_SERVICE_VERSION] = options.serviceVersion;
  const otlp = new OTLPTraceExporter({
    url: `${options.endpoint.replace(/\/+$/, "")}/v1/traces`,
    timeoutMillis: 5000,
  });
  const report = options.onExportError;
  const exporter = report ? new ReportingExporter(otlp, report) : otlp;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(attributes),
    ...(options.idGenerator ? { idGenerator: options.idGenerator } : {}),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
  });
  let stopped: Promise<void> | undefined;
  return {
    tracer: provider.getTracer(scope, options.serviceVersion),
    exporting: true,
    shutdown(timeoutMs = 2000) {
      stopped ??= provider.shutdown().catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()));
      return Promise.race([stopped, late]).finally(() => clearTimeout(timer));
    },
  };
}
