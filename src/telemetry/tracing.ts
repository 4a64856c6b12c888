// OpenTelemetry tracing for the platform and the router: a tracer that batches spans to an OTLP/HTTP collector.
// The SDK and the exporter are loaded only when a collector is configured (they weigh tens of MiB per process).
import { ProxyTracerProvider, type Tracer } from "@opentelemetry/api";
import type { IdGenerator } from "@opentelemetry/sdk-trace-base";

export interface TracingOptions {
  /** `service.name` of every span: `fifteen` for the platform, `fifteen-router` for the router. */
  serviceName: string;
  serviceVersion?: string;
  /** The collector's OTLP/HTTP base URL (FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `${endpoint}/v1/traces`. */
  endpoint: string | undefined;
  /** Where span and trace ids come from (default: random); the HAProxy plane's spans take HAProxy's. */
  idGenerator?: IdGenerator;
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

/** A tracer exporting to `options.endpoint`, or the no-op tracer when there is none. */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  if (options.endpoint === undefined) {
    return { tracer: noopTracer, exporting: false, shutdown: () => Promise.resolve() };
  }
  const { exportingTracing } = await import("./otlp.js");
  return exportingTracing({ ...options, endpoint: options.endpoint }, SCOPE);
}
