// The TLS certificates of one router worker: host → secure context, chosen by SNI and swapped in one assignment.
import { createSecureContext, type SecureContext } from "node:tls";
import type { HostCertificate } from "../shared/route-table.js";

export class SniCertificates {
  #contexts: ReadonlyMap<string, SecureContext> = new Map();

  /** Replaces every certificate; one that does not load is skipped (and reported), the others still serve. */
  set(certs: readonly HostCertificate[], onError: (hostname: string, err: Error) => void): void {
    const contexts = new Map<string, SecureContext>();
    for (const { hostname, cert, key } of certs) {
      try {
        contexts.set(hostname, createSecureContext({ cert, key }));
      } catch (err) {
        onError(hostname, err as Error);
      }
    }
    this.#contexts = contexts;
  }

  has(hostname: string): boolean {
    return this.#contexts.has(hostname);
  }

  /**
   * For `tls.createServer`: the context of the name the client asked for. An unknown name (or none) gets no
   * context, so the handshake fails with a handshake_failure alert instead of showing another host's certificate.
   */
  readonly sni = (servername: string, callback: (err: Error | null, ctx?: SecureContext) => void): void => {
    callback(null, this.#contexts.get(servername.toLowerCase().replace(/\.$/, "")));
  };
}
