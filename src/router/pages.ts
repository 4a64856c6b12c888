// The pages the router answers with itself, when it does not pass a request on: unknown host, an app not
// deployed or starting or crashed, a gateway error, and the maintenance page (HTML or JSON).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { AppRoute } from "../shared/route-table.js";

/** The pages the router answers with itself: status and text. */
export const PAGES: Record<string, [number, string]> = {
  "bad-host": [
    400,
    "Bad request: the host is not one this router serves requests for (see the router docs).",
  ],
  "router-starting": [
    503,
    "starting: the router has not received its route table yet. Try again in a moment.",
  ],
  "unknown-host": [
    404,
    "No app is served at this host name. Check the URL, or add the domain with `fifteen domains:add`.",
  ],
  "not-deployed": [503, "This app has not been deployed yet. Deploy it with `git push` or `fifteen deploy`."],
  // The text names the release (see pageText): its deploy failed and nothing is live.
  failed: [503, "This app's release failed."],
  "no-web": [503, "This app has no web processes running. Scale it up with `fifteen ps:scale web=1`."],
  starting: [503, "This app is starting. Try again in a moment."],
  crashed: [503, "This app has crashed. Its owner can see why with `fifteen logs` and `fifteen ps`."],
  maintenance: [503, "This app is down for maintenance. Try again later."],
  "bad-gateway": [502, "The app closed the connection without a valid response."],
  timeout: [504, "The app did not respond in time."],
};

/** Seconds a client is asked to wait before retrying an app in maintenance mode. */
export const MAINTENANCE_RETRY_AFTER = "60";

/** The maintenance page for browsers: small, self-contained, no external assets. */
function maintenanceHtml(app: string): string {
  const name = app.replace(/[^a-z0-9-]/gi, "");
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${name}: down for maintenance</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32em;margin:15vh auto;padding:0 1em;color:#333}</style></head>` +
    `<body><h1>Down for maintenance</h1><p>${name} is undergoing maintenance and will be back shortly. Please try again in a few minutes.</p></body></html>\n`
  );
}

/** Whether the client asked for JSON rather than a page (an API client, not a browser). */
function wantsJson(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? "").toLowerCase();
  return accept.includes("application/json") && !accept.includes("text/html");
}

/** A page's text; an app whose only releases failed gets the newest one's reason and where to read more. */
export function pageText(page: string, route: AppRoute | undefined): string {
  const failed = route?.failed;
  if (page === "failed" && route && failed)
    return `This app has no live release: release v${failed.version} failed: ${failed.failure}; see \`fifteen releases:info v${failed.version} -a ${route.app}\`.`;
  return PAGES[page]?.[1] ?? "Bad gateway";
}

/** Seconds a client is asked to wait before retrying while the router has no route table. */
export const STARTING_RETRY_AFTER = "1";

/** 503 with Retry-After: an HTML page for browsers, JSON for API clients. */
export function sendMaintenance(
  req: IncomingMessage,
  res: ServerResponse,
  route: AppRoute,
  requestId: string,
): void {
  const json = wantsJson(req);
  const body = json
    ? `${JSON.stringify({ id: "maintenance", app: route.app, message: PAGES.maintenance?.[1] })}\n`
    : maintenanceHtml(route.app);
  res.writeHead(503, {
    "content-type": json ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "retry-after": MAINTENANCE_RETRY_AFTER,
    "cache-control": "no-store",
    "x-request-id": requestId,
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** A plain-text page the router answers with itself, with its status. */
export function sendPage(res: ServerResponse, page: string, requestId: string, route?: AppRoute): void {
  const status = PAGES[page]?.[0] ?? 502;
  const body = `${pageText(page, route)}\n`;
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "x-request-id": requestId,
  });
  res.end(body);
}

/** A page on the raw socket of an upgrade request (WebSocket), then the connection closes; returns its status. */
export function sendUpgradePage(
  client: Duplex,
  page: string,
  requestId: string,
  route: AppRoute | undefined,
): number {
  const status = PAGES[page]?.[0] ?? 503;
  const body = `${PAGES[page] ? pageText(page, route) : "Unavailable"}\n`;
  const retry =
    page === "router-starting"
      ? `Retry-After: ${STARTING_RETRY_AFTER}\r\n`
      : page === "maintenance"
        ? `Retry-After: ${MAINTENANCE_RETRY_AFTER}\r\n`
        : "";
  client.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `${retry}Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`,
  );
  return status;
}
