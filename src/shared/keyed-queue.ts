// Work serialised per key: tasks for one key run one after another, tasks for different keys run side by side.

export class KeyedQueue<K = string> {
  readonly #tails = new Map<K, Promise<unknown>>();
  /** When each key with queued work got its first task (for readiness: work stuck behind a hung task). */
  readonly #busySince = new Map<K, number>();

  /**
   * @param after what every task waits for first (e.g. a recovery step at start); the default waits for nothing.
   */
  constructor(private readonly after: () => Promise<unknown> = () => Promise.resolve()) {}

  /** Runs `task` once every earlier task for `key` has settled; the result is the task's own. */
  run<T>(key: K, task: () => Promise<T> | T): Promise<T> {
    if (!this.#tails.has(key)) this.#busySince.set(key, Date.now());
    const previous = this.#tails.get(key) ?? this.after();
    const next = previous.then(task, task);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) !== tail) return;
      this.#tails.delete(key);
      this.#busySince.delete(key);
    });
    return next;
  }

  /** Whether `key` has work queued or running. */
  busy(key: K): boolean {
    return this.#tails.has(key);
  }

  /** How many keys have had work waiting for longer than `ms`. */
  busyLongerThan(ms: number, now = Date.now()): number {
    let count = 0;
    for (const since of this.#busySince.values()) if (now - since > ms) count++;
    return count;
  }

  /** Resolves once every task queued so far has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#tails.values()]);
  }
}
