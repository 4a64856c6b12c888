// The compiled product the scripts drive, loaded from dist/ at run time (`npm run build` first). scripts/
// compiles apart from src/ (its own tsconfig, output in dist-scripts/), so the little it uses is declared here.
import type { OpenApiDocument } from "./openapi/reference.js";

interface TestPlatform {
  apiUrl: string;
  close(): Promise<void>;
}

interface TestPlatformModule {
  ADMIN_TOKEN: string;
  startTestPlatform(): Promise<TestPlatform>;
}

interface ManifestSchemaModule {
  manifestJsonSchema(): Record<string, unknown>;
}

// dist-scripts/dist.js → <repo>/dist/
const DIST = new URL("../dist/", import.meta.url);

async function load<T>(path: string): Promise<T> {
  return (await import(new URL(path, DIST).href)) as T;
}

/** The OpenAPI document a throwaway platform (src/testing/platform.ts) serves. */
export async function openapiDocument(): Promise<OpenApiDocument> {
  const { ADMIN_TOKEN, startTestPlatform } = await load<TestPlatformModule>("testing/platform.js");
  const t = await startTestPlatform();
  try {
    const res = await fetch(`${t.apiUrl}/openapi.json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
    return (await res.json()) as OpenApiDocument;
  } finally {
    await t.close();
  }
}

/** The manifest's published JSON Schema (src/core/manifest/schema.ts). */
export async function manifestJsonSchema(): Promise<Record<string, unknown>> {
  return (await load<ManifestSchemaModule>("core/manifest/schema.js")).manifestJsonSchema();
}
