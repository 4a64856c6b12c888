// Memory sizes as people type them (512M, 1G, 1536MiB), held as whole MiB.

export const MIN_MEMORY_MB = 32;
export const MAX_MEMORY_MB = 1024 * 1024;

const UNITS: Record<string, number> = { m: 1, mb: 1, mib: 1, g: 1024, gb: 1024, gib: 1024 };

/** MiB in `text` ("512M", "1G", "2GiB"), or undefined if it is not a size from 32 MiB to 1 TiB. */
export function parseMemorySize(text: string): number | undefined {
  const match = /^(\d{1,7})\s*([a-z]+)$/i.exec(text.trim());
  const unit = UNITS[match?.[2]?.toLowerCase() ?? ""];
  if (!match || unit === undefined) return undefined;
  const mb = Number(match[1]) * unit;
  return mb >= MIN_MEMORY_MB && mb <= MAX_MEMORY_MB ? mb : undefined;
}

/** "512M", "1G", "1536M": the shortest exact form. */
export function formatMemory(mb: number): string {
  return mb % 1024 === 0 ? `${mb / 1024}G` : `${mb}M`;
}

/** "256 MiB", "1 GiB": for log lines people read. */
export function describeMemory(mb: number): string {
  return mb % 1024 === 0 ? `${mb / 1024} GiB` : `${mb} MiB`;
}
