// TLS certificates per host: checked before anything is stored (PEM, key pair, host, dates), the key sealed at rest.
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { HostCertificate } from "../shared/route-table.js";
import type { CertificateRow, Store } from "../store/index.js";
import { normalizeHostname } from "./domains.js";
import type { EventBus } from "./events.js";
import type { Sealer } from "./secrets.js";
import type { App } from "./types.js";

export interface Certificate {
  hostname: string;
  subject: string;
  /** Subject alternative names, e.g. DNS:shop.example.com. */
  altNames: string[];
  issuer: string;
  notBefore: string;
  expiresAt: string;
  /** SHA-256 of the leaf certificate, colon-separated hex (as openssl prints it). */
  fingerprint: string;
  createdAt: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function iso(date: string): string {
  return new Date(date).toISOString();
}

/** The certificates in a PEM chain, leaf first; CERT_INVALID if there is none or one does not parse. */
function parseChain(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) {
    throw new FifteenError(
      "CERT_INVALID",
      "The certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----); pass the certificate chain, leaf first.",
    );
  }
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new FifteenError("CERT_INVALID", `Certificate ${i + 1} in the chain is not a valid X.509 PEM.`);
    }
  });
}

function parseKey(pem: string): KeyObject {
  if (/ENCRYPTED/.test(pem)) {
    throw new FifteenError(
      "CERT_INVALID",
      "The private key is encrypted; decrypt it first (`openssl pkey -in KEY -out plain.key`).",
    );
  }
  try {
    return createPrivateKey(pem);
  } catch {
    throw new FifteenError(
      "CERT_INVALID",
      "The key file is not a PEM private key (-----BEGIN PRIVATE KEY----- or a PKCS#1/SEC1 key).",
    );
  }
}

function describe(row: CertificateRow): Certificate {
  const [leaf] = parseChain(row.cert_pem) as [X509Certificate];
  return {
    hostname: row.hostname,
    subject: leaf.subject.replace(/\n/g, ", "),
    altNames: leaf.subjectAltName ? leaf.subjectAltName.split(/,\s*/) : [],
    issuer: leaf.issuer.replace(/\n/g, ", "),
    notBefore: iso(leaf.validFrom),
    expiresAt: iso(leaf.validTo),
    fingerprint: leaf.fingerprint256,
    createdAt: row.created_at,
  };
}

export class CertService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly sealer: Sealer,
  ) {}

  /** Every app's certificates (for `fifteen doctor`: which expire soon). */
  async all(): Promise<Certificate[]> {
    return (await this.store.certificates.all()).map(describe);
  }

  async list(app: App): Promise<Certificate[]> {
    return (await this.store.certificates.of(app.id)).map(describe);
  }

  async info(app: App, hostname: string): Promise<Certificate> {
    return describe(await this.#row(app, hostname));
  }

  /** Adds (or replaces) the certificate of one of the app's host names. Bad input stores nothing. */
  async add(app: App, rawHost: string, certPem: string, keyPem: string): Promise<Certificate> {
    const hostname = normalizeHostname(rawHost);
    await this.#assertHostOf(app, hostname);
    const chain = parseChain(certPem);
    const leaf = chain[0] as X509Certificate;
    const key = parseKey(keyPem);
    if (!leaf.checkPrivateKey(key)) {
      throw new FifteenError(
        "CERT_KEY_MISMATCH",
        `The private key does not belong to the certificate for ${leaf.subject.replace(/\n/g, ", ")}; pass the key it was issued for.`,
      );
    }
    if (leaf.checkHost(hostname, { partialWildcards: false }) === undefined) {
      throw new FifteenError(
        "CERT_HOST_MISMATCH",
        `The certificate does not cover ${hostname}: it is for ${leaf.subjectAltName ?? leaf.subject.replace(/\n/g, ", ")}. ` +
          `Issue one whose subject alternative names include ${hostname} (or a matching *. wildcard).`,
      );
    }
    const at = Date.now();
    if (Date.parse(leaf.validTo) <= at) {
      throw new FifteenError(
        "CERT_EXPIRED",
        `The certificate expired on ${iso(leaf.validTo)}; renew it and add the new one.`,
      );
    }
    if (Date.parse(leaf.validFrom) > at) {
      throw new FifteenError(
        "CERT_EXPIRED",
        `The certificate is not valid before ${iso(leaf.validFrom)}; check the clock or wait until then.`,
      );
    }
    const row: CertificateRow = {
      hostname,
      app_id: app.id,
      // Normalised to the certificates alone, so nothing else from the uploaded file (such as a key) is kept in clear.
      cert_pem: `${chain.map((c) => c.toString().trim()).join("\n")}\n`,
      key_sealed: this.sealer.seal(key.export({ type: "pkcs8", format: "pem" }).toString()),
      created_at: now(),
    };
    await this.store.certificates.put(row);
    this.events.emit("certs.changed", { app });
    return describe(row);
  }

  async remove(app: App, hostname: string): Promise<void> {
    if (!(await this.store.certificates.delete(app.id, normalizeHostname(hostname)))) {
      throw new FifteenError(
        "CERT_NOT_FOUND",
        `${hostname} has no certificate in app "${app.name}"; see \`fifteen certs\`.`,
      );
    }
    this.events.emit("certs.changed", { app });
  }

  /** Every certificate with its key unsealed: only for the router, over its IPC channel. */
  async forRouter(): Promise<HostCertificate[]> {
    return (await this.store.certificates.all()).map((row) => ({
      hostname: row.hostname,
      appId: row.app_id,
      cert: row.cert_pem,
      key: this.sealer.open(row.key_sealed),
    }));
  }

  async #row(app: App, hostname: string): Promise<CertificateRow> {
    const row = await this.store.certificates.get(app.id, hostname.toLowerCase());
    if (!row) {
      throw new FifteenError(
        "CERT_NOT_FOUND",
        `${hostname} has no certificate in app "${app.name}"; add one with \`fifteen certs:add ${hostname} --cert F --key F\`.`,
      );
    }
    return row;
  }

  async #assertHostOf(app: App, hostname: string): Promise<void> {
    if (hostname === `${app.name}.localhost`) return;
    const domain = await this.store.domains.byHostname(hostname);
    if (domain?.app_id !== app.id) {
      throw new FifteenError(
        "DOMAIN_NOT_FOUND",
        `${hostname} is not a host name of app "${app.name}": add it first with \`fifteen domains:add ${hostname}\` ` +
          `(certificates are for its domains and ${app.name}.localhost).`,
      );
    }
  }
}
