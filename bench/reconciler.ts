// Scenario 10, the reconciler's tick: every app reconciled without events (what the 10 s interval does), at 100,
// 400 and 1,000 apps of three processes each, on the in-memory fake driver and core (dist/runtime/fake-*.js),
// so the numbers are the reconciler's own work, not process spawning.

export interface TickRow {
  measure: string;
  value: string;
  target?: string;
  met?: boolean;
}

/** The bits of dist/runtime this scenario drives (the bench is compiled apart from src). */
interface FakeCoreLike {
  addApp(name: string, formation: Record<string, number>, processTypes: Record<string, string>): string;
}
interface FakeDriverLike {
  onChange(listener: (status: { state: string }) => void): () => void;
  lists: number;
}
interface ReconcilerLike {
  start(): Promise<void>;
  tick(): Promise<void>;
  close(): Promise<void>;
}
interface Runtime {
  FakeCore: new () => FakeCoreLike;
  fakeReconcilerOptions(): object;
  FakeDriver: new () => FakeDriverLike;
  Reconciler: new (
    core: FakeCoreLike,
    driver: FakeDriverLike,
    sink: object,
    options: object,
  ) => ReconcilerLike;
}

const TARGET_MS = 50;
const TICKS = 9;

async function runtime(): Promise<Runtime> {
  const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url).href;
  const [core, driver, reconciler] = await Promise.all([
    import(dist("testing/fake-core.js")),
    import(dist("testing/fake-driver.js")),
    import(dist("runtime/reconciler.js")),
  ]);
  return { ...core, ...driver, ...reconciler } as Runtime;
}

/**
 * Once `apps` apps are up: the first tick (a pass over every app), then the median and slowest of TICKS steady
 * ticks and how often they listed the host.
 */
async function measure(
  rt: Runtime,
  apps: number,
): Promise<{ full: number; median: number; max: number; lists: number }> {
  const core = new rt.FakeCore();
  const driver = new rt.FakeDriver();
  const reconciler = new rt.Reconciler(
    core,
    driver,
    { publish: () => undefined, drain: async () => undefined },
    rt.fakeReconcilerOptions(),
  );
  for (let i = 0; i < apps; i++)
    core.addApp(`app${i}`, { web: 2, worker: 1 }, { web: "node web.js", worker: "node worker.js" });
  let up = 0;
  driver.onChange((p) => void (p.state === "up" && up++));
  await reconciler.start();
  while (up < apps * 3) await new Promise((resolve) => setTimeout(resolve, 5));
  // The first tick after the boots looks at every app (each one's processes changed since its last pass).
  const fullStarted = performance.now();
  await reconciler.tick();
  const full = performance.now() - fullStarted;
  const lists = driver.lists;
  const times: number[] = [];
  for (let i = 0; i < TICKS; i++) {
    const started = performance.now();
    await reconciler.tick();
    times.push(performance.now() - started);
  }
  const listed = driver.lists - lists;
  await reconciler.close();
  times.sort((a, b) => a - b);
  return { full, median: times[Math.floor(TICKS / 2)] as number, max: times.at(-1) as number, lists: listed };
}

export async function reconcilerTickScenario(sizes = [100, 400, 1000]): Promise<TickRow[]> {
  const rt = await runtime();
  const rows: TickRow[] = [];
  for (const apps of sizes) {
    const { full, median, max, lists } = await measure(rt, apps);
    rows.push({
      measure: `tick at ${apps} apps (${apps * 3} processes, fake driver)`,
      value: `${median.toFixed(1)} ms median of ${TICKS} (slowest ${max.toFixed(1)} ms; every app looked at: ${full.toFixed(1)} ms); host listed ${lists} times`,
      target: `< ${TARGET_MS} ms`,
      met: median < TARGET_MS,
    });
  }
  return rows;
}
