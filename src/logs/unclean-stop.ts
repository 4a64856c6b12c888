// Whether the last run of the platform ended without a clean stop: the lines it had read from processes but not
// yet written to the history (one flush interval at most) are gone then, and nothing is left to count them by.
import { rm, stat, writeFile } from "node:fs/promises";

export class RunFlag {
  constructor(private readonly file: string) {}

  /** Marks this run as started; resolves with whether the previous one never reached end(). */
  async begin(): Promise<boolean> {
    const unclean = await stat(this.file).then(
      () => true,
      () => false,
    );
    await writeFile(this.file, `${process.pid}\n`, { mode: 0o600 });
    return unclean;
  }

  /** A clean stop: every line read was written to the history. */
  async end(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/** The line each app's stream gets after an unclean stop, in place of a count nobody has. */
export const UNCLEAN_STOP_LINE =
  "the platform stopped without a clean shutdown: lines read in its last moments (up to 100 ms) may be missing from the history";
