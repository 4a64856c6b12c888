// The API over HTTPS: its certificate and key, the trust the git hook needs to call it, and the URL it answers on.
import { readFile, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Server } from "../api/server.js";
import type { PlatformConfig } from "../config/index.js";
import { FifteenError } from "../shared/errors.js";

/** The API's certificate and key (FIFTEEN_API_TLS_CERT, FIFTEEN_API_TLS_KEY), read once at start. */
export async function readApiTls(config: PlatformConfig): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (!config.apiTls) return undefined;
  const read = (name: string, file: string) =>
    readFile(file).catch((err: NodeJS.ErrnoException) => {
      throw new FifteenError(
        "SETTING_INVALID",
        `${name}=${file} cannot be read (${err.code ?? err.message}).`,
      );
    });
  return {
    cert: await read("FIFTEEN_API_TLS_CERT", config.apiTls.certFile),
    key: await read("FIFTEEN_API_TLS_KEY", config.apiTls.keyFile),
  };
}

/** The certificates the git hook trusts when it calls the API over HTTPS: the API's chain, then NODE_EXTRA_CA_CERTS. */
export async function writeHookTrust(config: PlatformConfig, apiCert: Buffer): Promise<string> {
  const extra = config.extraCaCerts
    ? await readFile(config.extraCaCerts).catch(() => Buffer.alloc(0))
    : Buffer.alloc(0);
  const file = join(config.dataDir, "api-trust.pem");
  await writeFile(file, Buffer.concat([apiCert, Buffer.from("\n"), extra]), { mode: 0o600 });
  return file;
}

/** The API's URL once it listens. A certificate names a host: over HTTPS it keeps FIFTEEN_API_HOST when a name. */
export function apiUrlOf(config: PlatformConfig, server: Server, tls: boolean): string {
  const address = server.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const urlHost =
    tls && /[a-z]/i.test(config.apiHost) && !config.apiHost.includes(":") ? config.apiHost : host;
  return `${tls ? "https" : "http"}://${urlHost}:${address.port}`;
}
