// The HAProxy plane's certificates: one PEM file per host (cert, chain and key) in RAM (config.ts keysDir),
// a crt-list naming each with its host as the only SNI name, and a map of the hosts that have one (for the
// redirect and HSTS). Changes go to the running HAProxy through the runtime API, live; the files are what a
// reload or restart loads. A host name passes checkHost and PEM text is rebuilt from its base64 blocks before
// it reaches a file or a command.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { RouterConfig } from "../../config/index.js";
import type { HostCertificate } from "../../shared/route-table.js";
import { checkHost, mapFile, type haproxyFiles, type HaproxyTls } from "./config.js";
import { writeAtomic } from "./process.js";
import { CommandRefused, type RuntimeApi } from "./runtime-api.js";

type Files = ReturnType<typeof haproxyFiles>;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END \1-----/g;

/** The PEM file of a host's certificate. */
export function certPath(certsDir: string, hostname: string): string {
  return join(certsDir, `${checkHost(hostname)}.pem`);
}

/**
 * The PEM blocks of text whose label matches, rebuilt from their base64 alone: no empty line, nothing else
 * between or around them.
 */
function pemBlocks(text: string, labels: RegExp, what: string): string {
  const matches = [...text.matchAll(PEM_BLOCK)].filter(([, label = ""]) => labels.test(label));
  const blocks = matches.map(([, label = "", body = ""]) => {
    const base64 = body.replace(/\s+/g, "");
    if (base64 === "") throw new Error(`an empty PEM block in the ${what}`);
    const lines = base64.match(/.{1,64}/g) ?? [];
    return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join("\n");
  });
  if (blocks.length === 0) throw new Error(`no PEM block in the ${what}`);
  return blocks.join("\n");
}

/**
 * The one PEM file HAProxy loads for a host: the certificate (leaf first), then the key. Throws when the host
 * name is refused, a part does not parse, or the key is not the certificate's.
 */
export function certBundle({ hostname, cert, key }: HostCertificate): string {
  checkHost(hostname);
  const certs = pemBlocks(cert, /^CERTIFICATE$/, "certificate");
  const keys = pemBlocks(key, /^(RSA |EC )?PRIVATE KEY$/, "key");
  const leaf = new X509Certificate(certs);
  if (!leaf.checkPrivateKey(createPrivateKey(keys))) throw new Error("the key is not the certificate's");
  return `${certs}\n${keys}\n`;
}

/** The crt-list: each host's file, served for that SNI name only (an unknown name gets no certificate). */
export function crtList(certsDir: string, hostnames: Iterable<string>): string {
  return [...hostnames].map((host) => `${certPath(certsDir, host)} ${host}\n`).join("");
}

/** The map of hosts with a certificate: the config redirects them to HTTPS and adds HSTS. */
export function tlsHostsMap(hostnames: Iterable<string>): string {
  return mapFile(new Map([...hostnames].map((host) => [checkHost(host), "yes"])));
}

/** Whether an HAProxy started with `tls` serves HTTPS as the settings ask (adopted only then). */
export function sameTls(
  tls: HaproxyTls | undefined,
  { httpsPort, httpsRedirect, hstsMaxAge }: Pick<RouterConfig, "httpsPort" | "httpsRedirect" | "hstsMaxAge">,
): boolean {
  if (tls === undefined || httpsPort === undefined) return tls === httpsPort;
  return (
    (httpsPort === 0 || tls.port === httpsPort) &&
    tls.redirect === httpsRedirect &&
    tls.hstsMaxAge === hstsMaxAge
  );
}

/** The certificates the plane wants served, and the ones HAProxy holds now. */
export class HaproxyCertificates {
  /** host → PEM bundle: what publishCerts asked for (the valid ones). */
  #wanted = new Map<string, string>();
  /** host → PEM bundle HAProxy serves now. */
  #held = new Map<string, string>();

  constructor(
    private readonly files: Files,
    private readonly api: RuntimeApi,
    private readonly refused: (hostname: string, err: unknown) => void,
  ) {}

  /** Replaces the wanted set; a certificate that does not load is left out (and reported), the others serve. */
  want(certs: readonly HostCertificate[]): void {
    const wanted = new Map<string, string>();
    for (const cert of certs) {
      try {
        wanted.set(cert.hostname, certBundle(cert));
      } catch (err) {
        this.refused(cert.hostname, err);
      }
    }
    this.#wanted = wanted;
  }

  /**
   * Takes what the files hold (the set the last run served) as wanted and held, so that a start or the reload
   * after an adoption serves it until the platform publishes its own. A line or file that does not check out
   * is left out.
   */
  async load(): Promise<void> {
    const list = await readFile(this.files.crtList, "utf8").catch(() => "");
    const certs: HostCertificate[] = [];
    for (const line of list.split("\n")) {
      const [path, host, ...rest] = line.split(" ");
      if (!path || !host || rest.length > 0) continue;
      try {
        if (path !== certPath(this.files.certs, host)) throw new Error(`${path} is not its file`);
        const pem = await readFile(path, "utf8");
        // The file holds both halves: certBundle picks each out of it.
        certs.push({ hostname: host, appId: "", cert: pem, key: pem });
      } catch (err) {
        this.refused(host, err);
      }
    }
    this.want(certs);
    this.#held = new Map(this.#wanted);
  }

  /** Brings the running HAProxy to the wanted set through the runtime API, then writes the files to match. */
  async push(): Promise<void> {
    const { crtList: list, certs: dir, tlsHosts } = this.files;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // The set as this push started (a publishCerts meanwhile replaces #wanted; the next push applies it).
    const wanted = this.#wanted;
    for (const [host, pem] of wanted) {
      const held = this.#held.get(host);
      if (held === pem) continue;
      const path = certPath(dir, host);
      try {
        await this.api.putCert(path, pem, held === undefined);
      } catch (err) {
        // One HAProxy refuses (it checked out in Node) keeps the one it had, if any; the others go on.
        if (!(err instanceof CommandRefused)) throw err;
        this.refused(host, err);
        if (held === undefined) wanted.delete(host);
        else wanted.set(host, held);
        continue;
      }
      // Written once HAProxy took it: a reload never loads a file it would refuse.
      await writeAtomic(path, pem);
      if (held === undefined) {
        await this.api.addCrtList(list, path, host);
        await this.api.addMap(tlsHosts, host, "yes");
      }
      this.#held.set(host, pem);
    }
    for (const host of [...this.#held.keys()])
      if (!wanted.has(host)) {
        await this.api.delMap(tlsHosts, host);
        await this.api.removeCert(list, certPath(dir, host));
        this.#held.delete(host);
      }
    await this.#writeLists();
    await this.#removeStale();
  }

  /**
   * Writes the files for a start or reload, which loads them: the certificates HAProxy took already and that
   * are still wanted (a file it would refuse would stop it from starting). push() then brings in the rest.
   */
  async write(): Promise<void> {
    await mkdir(this.files.certs, { recursive: true, mode: 0o700 });
    for (const host of [...this.#held.keys()]) if (!this.#wanted.has(host)) this.#held.delete(host);
    for (const [host, pem] of this.#held) await writeAtomic(certPath(this.files.certs, host), pem);
    await this.#writeLists();
    await this.#removeStale();
  }

  async #writeLists(): Promise<void> {
    await writeAtomic(this.files.crtList, crtList(this.files.certs, this.#held.keys()));
    await writeAtomic(this.files.tlsHosts, tlsHostsMap(this.#held.keys()));
  }

  /** The files of hosts no longer served: a private key is not left behind. */
  async #removeStale(): Promise<void> {
    const keep = new Set([...this.#held.keys()].map((host) => `${host}.pem`));
    for (const name of await readdir(this.files.certs).catch(() => []))
      if (!keep.has(name)) await unlink(join(this.files.certs, name)).catch(() => undefined);
  }
}
