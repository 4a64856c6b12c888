// OpenTelemetry tracing for the platform and the router: a tracer that batches spans to an OTLP/HTTP collector.
import { ProxyTracerProvider, type Attributes, type Tracer } from "@opentelemetry/api";
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

export interface TracingOptions {
  /** `service.name` of every span: `fifteen` for the platform, `fifteen-router` for the router. */
  serviceName: string;
  serviceVersion?: string;
  /** The collector's OTLP/HTTP base URL (FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `${endpoint}/v1/traces`. */
  endpoint: string | undefined;
  /** Told when a batch could not be sent: the first failure, then at most once a minute with a count. */
  onExportError?(error: Error, failures: number): void;
}

export interface Tracing {
  /** Makes spans that reach the collector; without an endpoint, a no-op tracer whose spans have no ids. */
  readonly tracer: Tracer;
  /** Whether spans go anywhere (an endpoint is set). */
  readonly exporting: boolean;
  /** Sends what is buffered and stops; never takes longer than `timeoutMs`. */
  shutdown(timeoutMs?: number): Promise<void>;
}

const SCOPE = "fifteen";

/** For code that may be given no tracer: spans from it cost nothing and go nowhere. */
export const noopTracer: Tracer = new ProxyTracerProvider().getTracer(SCOPE);

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

export function startTracing(options: TracingOptions): Tracing {
  if (options.endpoint === undefined) {
    return { tracer: noopTracer, exporting: false, shutdown: () => Promise.resolve() };
  }
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
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
  });
  let stopped: Promise<void> | undefined;
  return {
    tracer: provider.getTracer(SCOPE, options.serviceVersion),
    exporting: true,
    shutdown(timeoutMs = 2000) {
      stopped ??= provider.shutdown().catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()));
      return Promise.race([stopped, late]).finally(() => clearTimeout(timer));
    },
  };
}
