// Timestamps as ISO-8601 UTC text, the one form the store keeps on every backend.
export function now(): string {
  return new Date().toISOString();
}
