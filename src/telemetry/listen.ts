// FIFTEEN_METRICS_LISTEN: /metrics on its own address without a token, for a scraper on a private interface.
import http from "node:http";

export interface MetricsServer {
  close(): Promise<void>;
}

export async function serveMetrics(
  address: { host: string; port: number },
  source: { prometheus(): Promise<{ contentType: string; text: string }> },
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Only GET /metrics is served here.\n");
      return;
    }
    source.prometheus().then(
      ({ contentType, text }) => res.writeHead(200, { "content-type": contentType }).end(text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("Could not collect the metrics.\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.host, () => resolve());
  });
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
