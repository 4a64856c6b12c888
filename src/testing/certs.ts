// Throwaway certificates for TLS tests: a private CA and leaf certificates it signs, made with openssl (argv, no shell).
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const openssl = (args: string[]) => promisify(execFile)("openssl", args);

export interface PemFiles {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

async function files(certFile: string, keyFile: string): Promise<PemFiles> {
  return { certFile, keyFile, cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8") };
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** A self-signed certificate (also a CA) with these subject alternative names, e.g. ["IP:127.0.0.1"]. */
export async function selfSigned(dir: string, name: string, altNames: string[]): Promise<PemFiles> {
  const [certFile, keyFile] = [join(dir, `${name}.pem`), join(dir, `${name}.key`)];
  await openssl(
    ["req", "-x509", ...EC, "-keyout", keyFile, "-out", certFile, "-days", "2"].concat([
      "-subj",
      `/CN=${name}`,
      "-addext",
      `subjectAltName=${altNames.join(",")}`,
    ]),
  );
  return files(certFile, keyFile);
}

/** A leaf certificate signed by ca for altNames; days -1 makes one that has already expired. */
export async function issue(
  ca: PemFiles,
  dir: string,
  name: string,
  altNames: string[],
  days = 2,
): Promise<PemFiles> {
  const [certFile, keyFile, csr, ext] = ["pem", "key", "csr", "ext"].map((e) =>
    join(dir, `${name}.${e}`),
  ) as [string, string, string, string];
  await openssl([
    "req",
    ...EC,
    "-keyout",
    keyFile,
    "-out",
    csr,
    "-subj",
    `/CN=${altNames[0]?.replace(/^DNS:/, "")}`,
  ]);
  await writeFile(ext, `subjectAltName=${altNames.join(",")}\n`);
  await openssl(
    ["x509", "-req", "-in", csr, "-CA", ca.certFile, "-CAkey", ca.keyFile, "-set_serial"].concat([
      String(Date.now()),
      "-out",
      certFile,
      "-days",
      String(days),
      "-extfile",
      ext,
    ]),
  );
  return files(certFile, keyFile);
}
