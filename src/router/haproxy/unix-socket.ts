// The plane's own Unix sockets that HAProxy connects to (access lines, the WebSocket relay): only the platform's
// user can connect (0600, in the plane's 0700 directory).
import { chmod, rm } from "node:fs/promises";
import type { Server } from "node:net";
import type { Logger } from "pino";

/** Listens on `path`, replacing what an earlier run left there; later errors are logged as `what` failing. */
export async function listenPrivate(server: Server, path: string, log: Logger, what: string): Promise<void> {
  await rm(path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => log.warn({ err }, `${what} failed`));
  await chmod(path, 0o600);
}
