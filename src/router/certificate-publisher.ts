// Sends every host's certificate to the router, read and unsealed by core, at start and after every change: the
// whole set each time, one push at a time so an older read never lands after a newer one.
import type { Logger } from "pino";
import type { Core } from "../core/index.js";
import { KeyedQueue } from "../shared/keyed-queue.js";
import type { HostCertificate } from "../shared/route-table.js";

export interface CertificatePublisherOptions {
  certs: Pick<Core["certs"], "forRouter">;
  events: Pick<Core["events"], "on">;
  router: { publishCerts(certs: HostCertificate[]): void };
  log: Pick<Logger, "error">;
}

export class CertificatePublisher {
  /** A single key: every push waits for the one before it. */
  readonly #pushes = new KeyedQueue<"router">();
  #unsubscribe: Array<() => void> = [];

  constructor(private readonly options: CertificatePublisherOptions) {}

  /** Follows the changes from now on, and pushes the current set. */
  start(): Promise<void> {
    const { events } = this.options;
    this.#unsubscribe = [
      events.on("certs.changed", () => void this.push()),
      // Emitted just before the app's rows (its certificates with them) are deleted.
      events.on("app.destroyed", ({ app }) => void this.push(app.id)),
    ];
    return this.push();
  }

  /** Follows no more changes, once the pushes under way are done. */
  async stop(): Promise<void> {
    for (const off of this.#unsubscribe) off();
    await this.#pushes.settled();
  }

  /** Pushes every certificate (but those of the app `without`); a failure is logged, and the next push retries. */
  push(without?: string): Promise<void> {
    return this.#pushes
      .run("router", async () => {
        const certs = await this.options.certs.forRouter();
        this.options.router.publishCerts(without ? certs.filter((c) => c.appId !== without) : certs);
      })
      .catch((err: unknown) =>
        this.options.log.error({ err }, "could not send the certificates to the router"),
      );
  }
}
