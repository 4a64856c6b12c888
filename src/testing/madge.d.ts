// The part of madge's JS API the architecture test uses (madge ships no types).
declare module "madge" {
  interface MadgeConfig {
    fileExtensions?: string[];
    excludeRegExp?: RegExp[];
  }
  interface MadgeResult {
    /** Each file (relative to the scanned directory) and the files it imports. */
    obj(): Record<string, string[]>;
  }
  export default function madge(path: string, config?: MadgeConfig): Promise<MadgeResult>;
}
