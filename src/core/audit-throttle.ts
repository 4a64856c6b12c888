// Folds repeated failures without a valid token from one address into a count, so a flood of bad tokens costs
// the audit log a bounded number of entries: the first failure of each address's window is recorded as it
// is, the rest of the window is counted, and the count is written as one entry when the window closes.
// Memory is bounded too: past `maxAddresses` open windows, the oldest is closed early.

/** Failures from one address that were counted instead of recorded, in one window. */
export interface FoldedFailures {
  address: string;
  count: number;
}

interface Window {
  opened: number;
  folded: number;
}

export class FailureThrottle {
  /** Open windows in the order they opened (a window is re-inserted when it reopens), oldest first. */
  readonly #windows = new Map<string, Window>();

  constructor(
    readonly windowMs: number,
    readonly maxAddresses: number,
  ) {}

  /**
   * One failure from `address` at `at` (epoch ms): whether it is recorded as its own entry, and the counts of
   * windows it closed (its address's expired one, or the oldest evicted to make room), to be written first.
   */
  admit(address: string, at: number): { record: boolean; closed: FoldedFailures[] } {
    const open = this.#windows.get(address);
    if (open && at - open.opened < this.windowMs) {
      open.folded += 1;
      return { record: false, closed: [] };
    }
    const closed: FoldedFailures[] = [];
    if (open) this.#close(address, open, closed);
    const oldest = this.#windows.entries().next();
    if (!oldest.done && this.#windows.size >= this.maxAddresses) this.#close(...oldest.value, closed);
    this.#windows.set(address, { opened: at, folded: 0 });
    return { record: true, closed };
  }

  /** Closes the windows that ended by `at` (every window without it) and returns those that counted failures. */
  sweep(at = Infinity): FoldedFailures[] {
    const closed: FoldedFailures[] = [];
    for (const [address, window] of this.#windows) {
      if (at - window.opened < this.windowMs) break;
      this.#close(address, window, closed);
    }
    return closed;
  }

  get tracked(): number {
    return this.#windows.size;
  }

  #close(address: string, window: Window, into: FoldedFailures[]): void {
    this.#windows.delete(address);
    if (window.folded > 0) into.push({ address, count: window.folded });
  }
}
