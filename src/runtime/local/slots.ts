// A bounded number of process starts at a time (unpacking, spawning, booting), web processes first: when the
// platform starts 100 apps, the first ones answer within moments instead of all of them booting at once.
export class StartSlots {
  #free: number;
  readonly #waiting: { web: Array<() => void>; other: Array<() => void> } = { web: [], other: [] };

  constructor(readonly size: number) {
    this.#free = size;
  }

  /** Resolves once a slot is free; call the function it resolves with to give the slot back (once is enough). */
  take(web: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        let given = false;
        resolve(() => {
          if (given) return;
          given = true;
          this.#free += 1;
          this.#next();
        });
      };
      if (this.#free > 0) {
        this.#free -= 1;
        grant();
      } else (web ? this.#waiting.web : this.#waiting.other).push(grant);
    });
  }

  #next(): void {
    const grant = this.#waiting.web.shift() ?? this.#waiting.other.shift();
    if (!grant) return;
    this.#free -= 1;
    grant();
  }
}
