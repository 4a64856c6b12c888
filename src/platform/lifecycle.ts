// The platform's components, started in one order and stopped in the reverse: on a normal stop and when a start
// fails part-way, by the same path.

export interface Component<How> {
  readonly name: string;
  /** Absent for a piece opened while it was built (only to stop) or one with nothing to start. */
  start?(): unknown;
  /** How: what the caller asked the stop to do (stop the apps, or leave them for the next start). */
  stop?(how: How): unknown;
}

export class Lifecycle<How> {
  /** Every component whose start was begun, in order: each is stopped, the last first. */
  readonly #begun: Component<How>[] = [];
  #step: string | undefined;

  constructor(
    private readonly components: readonly Component<How>[],
    private readonly stopFailed: (component: string, err: unknown) => void,
  ) {}

  /** The component starting or stopping now, for a watchdog to name. */
  get step(): string | undefined {
    return this.#step;
  }

  /**
   * Starts the components in order. If one fails, everything begun is stopped (`how`), the failed one too (it
   * may have started part of itself), last first; then the start rejects with that failure.
   */
  async start(how: How): Promise<void> {
    for (const component of this.components) {
      this.#begun.push(component);
      this.#step = component.name;
      try {
        await component.start?.();
      } catch (err) {
        await this.stop(how);
        throw err;
      }
    }
    this.#step = undefined;
  }

  /** Stops every component begun, last first; one whose stop fails is reported, and the others still stop. */
  async stop(how: How): Promise<void> {
    for (let component = this.#begun.pop(); component; component = this.#begun.pop()) {
      this.#step = component.name;
      try {
        await component.stop?.(how);
      } catch (err) {
        this.stopFailed(component.name, err);
      }
    }
    this.#step = undefined;
  }
}
