// App features: named switches for platform behaviour an app opts into (Heroku's `features:enable`), kept
// with the app; the router reads them from the route table.
import { FifteenError } from "../shared/errors.js";
import { toApp, type Store } from "../store/index.js";
import type { EventBus } from "./events.js";
import type { App } from "./types.js";

/** Every feature there is, with what it does (`fifteen features` shows these lines). */
export const FEATURES = {
  "http-session-affinity":
    "Send each client's requests to the web process that served its first one (a signed cookie), for apps that keep session state in a process: Socket.io long-polling, SockJS, in-memory sessions.",
} as const satisfies Record<string, string>;

export type FeatureName = keyof typeof FEATURES;

export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];

export interface Feature {
  name: FeatureName;
  description: string;
  enabled: boolean;
}

export function isFeature(name: string): name is FeatureName {
  return Object.hasOwn(FEATURES, name);
}

/** The known feature `name` is, or FEATURE_UNKNOWN naming the ones there are. */
export function assertFeature(name: string): FeatureName {
  if (isFeature(name)) return name;
  throw new FifteenError(
    "FEATURE_UNKNOWN",
    `There is no feature "${name}". Features: ${FEATURE_NAMES.join(", ")} (see \`fifteen features\`).`,
  );
}

/** Whether the app has the feature on. */
export function hasFeature(app: Pick<App, "features">, name: FeatureName): boolean {
  return app.features.includes(name);
}

export class FeatureService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  list(app: App): Feature[] {
    return FEATURE_NAMES.map((name) => ({
      name,
      description: FEATURES[name],
      enabled: hasFeature(app, name),
    }));
  }

  /** One feature of the app; FEATURE_UNKNOWN for a name there is none of. */
  get(app: App, name: string): Feature {
    const feature = assertFeature(name);
    return { name: feature, description: FEATURES[feature], enabled: hasFeature(app, feature) };
  }

  /** Turns a feature on or off; the router's table follows (`features.changed`). Unknown names: FEATURE_UNKNOWN. */
  async set(app: App, name: string, enabled: boolean): Promise<Feature> {
    const feature = assertFeature(name);
    // Read and written under the app's row lock: two changes of different features never lose one.
    const { updated, changed } = await this.store.transaction(async (tx) => {
      await tx.apps.lock(app.id);
      const row = await tx.apps.byId(app.id);
      if (!row) throw new FifteenError("APP_NOT_FOUND", `The app ${app.name} no longer exists.`);
      const current = toApp(row);
      const others = current.features.filter((f) => f !== feature && isFeature(f));
      const features = (enabled ? [...others, feature] : others).sort();
      const differs = hasFeature(current, feature) !== enabled;
      if (differs) await tx.apps.setFeatures(app.id, features);
      return { updated: { ...current, features }, changed: differs };
    });
    if (changed) this.events.emit("features.changed", { app: updated, feature, enabled });
    return { name: feature, description: FEATURES[feature], enabled };
  }
}
