// Add-ons: backing services as named resources. To an app an add-on is only variables in its config
// (ALIAS_URL…), so attaching, detaching and rotating are config changes: each makes a new release that
// rolls out like any other. Credentials are sealed like config vars.
import { randomUUID } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import { toApp, type AddonRow, type Repos, type Store } from "../store/index.js";
import { can } from "./access.js";
import { AddonLookup, type Addon } from "./addon-lookup.js";
import {
  addonVars,
  ADDON_NAME,
  assertAlias,
  generateAddonName,
  unsetAddonVars,
  type AddonSecret,
} from "./addon-vars.js";
import type { AppliedConfig, ConfigService } from "./config-vars.js";
import type { CoreEvents, EventBus } from "./events.js";
import type { AddonProvider } from "./ports.js";
import type { Sealer } from "./secrets.js";
import type { App, Principal, Release } from "./types.js";

export type { Addon } from "./addon-lookup.js";

export interface AddonChange {
  addon: Addon;
  /** The releases the change made, one per affected deployed app. */
  releases: Release[];
  warnings: string[];
}

export interface NewAddon {
  kind: string;
  /** Variable prefix: CACHE → CACHE_URL. */
  as?: string | undefined;
  name?: string | undefined;
  /** url add-ons: the service's URL. */
  url?: string | undefined;
}

export class AddonService {
  /** Names with a change in progress: create, rotate and destroy of one add-on never overlap. */
  readonly #busy = new Set<string>();
  readonly #lookup: AddonLookup;

  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
    private readonly config: ConfigService,
    private readonly providers: ReadonlyMap<string, AddonProvider>,
    private readonly events: EventBus,
  ) {
    this.#lookup = new AddonLookup(store, sealer);
  }

  get kinds(): string[] {
    return [...this.providers.keys()];
  }

  /** The add-ons attached to the app. */
  async list(app: App, principal: Principal): Promise<Addon[]> {
    const rows = await this.store.addons.attachedTo(app.id);
    return Promise.all(rows.map((row) => this.#lookup.view(row, principal, false)));
  }

  /** One add-on attached to the app; credentials only with app:admin. With its server's live state, if it has one. */
  async info(app: App, name: string, principal: Principal): Promise<Addon> {
    const row = await this.#lookup.attachedTo(app, name);
    const view = await this.#lookup.view(row, principal, can(principal, "app:admin", app));
    const live = await this.providers
      .get(row.kind)
      ?.status?.(row.name, view.resource)
      .catch(() => ({ state: "unknown" }));
    return live ? { ...view, resource: { ...view.resource, ...live } } : view;
  }

  /** At platform start: providers that run servers adopt or start those of every add-on in the store. */
  async resume(): Promise<void> {
    for (const provider of this.providers.values()) {
      if (!provider.resume) continue;
      const rows = await this.store.addons.ofKind(provider.kind);
      await provider.resume(
        rows.map((row) => ({
          name: row.name,
          resource: JSON.parse(row.resource) as Record<string, string>,
          // A secret that cannot be opened: the provider says that add-on cannot start; the rest still do.
          url: this.#lookup.openUrl(row),
        })),
      );
    }
  }

  /** The platform stops: providers stop supervising (their servers keep running). */
  async close(): Promise<void> {
    for (const provider of this.providers.values()) await provider.close?.();
  }

  async create(app: App, input: NewAddon, principal: Principal): Promise<AddonChange> {
    let name = input.name;
    if (name === undefined) {
      // A generated name that is free now; the store's unique name still guards the insert.
      const alias = input.as ?? this.providers.get(input.kind.split(":")[0] ?? "")?.defaultAlias ?? "SERVICE";
      for (let i = 0; i < 20 && name === undefined; i++) {
        const candidate = generateAddonName(app, alias);
        if (!this.#busy.has(candidate) && !(await this.store.addons.byName(candidate))) name = candidate;
      }
    }
    const chosen = name ?? generateAddonName(app, "x");
    return this.#exclusive(chosen, () => this.#create(app, { ...input, name: chosen }, principal));
  }

  async #create(app: App, input: NewAddon, principal: Principal): Promise<AddonChange> {
    // KIND:PLAN, as Heroku writes it (redis:mini).
    const [kind = "", plan] = input.kind.split(":", 2) as [string, string | undefined];
    const provider = this.providers.get(kind);
    if (!provider) {
      throw new FifteenError(
        "ADDON_KIND_UNKNOWN",
        `There is no add-on kind "${kind}"; the kinds are: ${this.kinds.join(", ")}.`,
      );
    }
    if (plan !== undefined && !provider.plans?.includes(plan)) {
      throw new FifteenError(
        "ADDON_INVALID",
        provider.plans
          ? `${kind} has no plan "${plan}"; the plans are: ${provider.plans.join(", ")}.`
          : `${kind} add-ons have no plans; create one with \`addons:create ${kind}\`.`,
      );
    }
    const alias = input.as ?? provider.defaultAlias;
    assertAlias(alias);
    const name = input.name ?? generateAddonName(app, alias);
    if (!ADDON_NAME.test(name)) {
      throw new FifteenError(
        "ADDON_INVALID",
        `Add-on name ${JSON.stringify(name)} is invalid: lowercase letters, digits and '-', 3 to 50 characters, starting with a letter.`,
      );
    }
    if (input.url !== undefined && kind !== "url") {
      throw new FifteenError(
        "ADDON_INVALID",
        `--url is for url add-ons; a ${kind} add-on is created for you.`,
      );
    }
    // Everything that can be checked is checked before anything is created on a server.
    if (await this.store.addons.byName(name)) {
      throw new FifteenError("ADDON_EXISTS", `An add-on named ${name} already exists; pick another --name.`);
    }
    await this.store.transaction((tx) => this.#assertFree(tx, app, alias, []));
    const made = await provider.provision(name, { url: input.url, plan });
    const secret: AddonSecret = { url: made.url, vars: made.vars };
    const row: AddonRow = {
      id: randomUUID(),
      name,
      kind: provider.kind,
      owner_app_id: app.id,
      resource: JSON.stringify(made.resource),
      secret: this.sealer.seal(JSON.stringify(secret)),
      created_by: principal.name,
      created_at: now(),
      rotated_at: null,
    };
    let applied: AppliedConfig;
    try {
      applied = await this.store.transaction(async (tx) => {
        await this.#assertFree(tx, app, alias, Object.keys(made.vars));
        await tx.addons.insert(row);
        await tx.addons.attach({ addon_id: row.id, app_id: app.id, alias, created_at: row.created_at });
        return this.config.applyIn(
          tx,
          app,
          addonVars(alias, secret),
          `Attach ${name} as ${alias}`,
          principal.name,
        );
      });
    } catch (err) {
      // The record could not be written: the resource must not outlive it.
      await provider.deprovision(name, made.resource).catch(() => undefined);
      throw err;
    }
    const change = this.config.announce(app, applied);
    this.#changed(app, "created", row, alias);
    return {
      addon: await this.#lookup.view(row, principal, false),
      releases: change.release ? [change.release] : [],
      warnings: made.warnings,
    };
  }

  /** Attaches an add-on the token can see (through its owner app) to `target`. */
  async attach(
    target: App,
    name: string,
    as: string | undefined,
    principal: Principal,
  ): Promise<AddonChange> {
    const row = await this.#lookup.visible(name, principal);
    const provider = this.#provider(row);
    const alias = as ?? provider.defaultAlias;
    assertAlias(alias);
    const secret = this.#lookup.secret(row);
    const applied = await this.store.transaction(async (tx) => {
      if ((await tx.addons.attachments(row.id)).some((a) => a.app_id === target.id)) {
        throw new FifteenError("ADDON_ATTACHED", `${name} is already attached to ${target.name}.`);
      }
      await this.#assertFree(tx, target, alias, Object.keys(secret.vars));
      await tx.addons.attach({ addon_id: row.id, app_id: target.id, alias, created_at: now() });
      return this.config.applyIn(
        tx,
        target,
        addonVars(alias, secret),
        `Attach ${name} as ${alias}`,
        principal.name,
      );
    });
    const change = this.config.announce(target, applied);
    this.#changed(target, "attached", row, alias);
    return {
      addon: await this.#lookup.view(row, principal, false),
      releases: change.release ? [change.release] : [],
      warnings: [],
    };
  }

  async detach(app: App, name: string, principal: Principal): Promise<AddonChange> {
    const row = await this.#lookup.attachedTo(app, name);
    const secret = this.#lookup.secret(row);
    const applied = await this.store.transaction(async (tx) => {
      const attachments = await tx.addons.attachments(row.id);
      const here = attachments.find((a) => a.app_id === app.id);
      if (!here) throw new FifteenError("ADDON_NOT_FOUND", `${name} is not attached to ${app.name}.`);
      if (attachments.length === 1) {
        throw new FifteenError(
          "ADDON_ATTACHED",
          `${name} is attached only to ${app.name}; detaching would leave it unused. Destroy it with ` +
            `\`fifteen addons:destroy ${name} --confirm ${name}\`.`,
        );
      }
      await tx.addons.detach(row.id, app.id);
      const result = await this.config.applyIn(
        tx,
        app,
        unsetAddonVars(here.alias, secret),
        `Detach ${name}`,
        principal.name,
      );
      return { result, alias: here.alias };
    });
    const change = this.config.announce(app, applied.result);
    this.#changed(app, "detached", row, applied.alias);
    return {
      addon: await this.#lookup.view(row, principal, false),
      releases: change.release ? [change.release] : [],
      warnings: [],
    };
  }

  /** New credentials at the provider, then every attached app gets them in one new release each. */
  rotate(app: App, name: string, principal: Principal): Promise<AddonChange> {
    return this.#exclusive(name, () => this.#rotate(app, name, principal));
  }

  async #rotate(app: App, name: string, principal: Principal): Promise<AddonChange> {
    const row = await this.#lookup.managed(app, name, principal);
    // A provider that cannot rotate (url) refuses with its reason.
    const provider = this.#provider(row);
    const { url } = await provider.rotate(row.name, JSON.parse(row.resource) as Record<string, string>);
    const secret: AddonSecret = { ...this.#lookup.secret(row), url };
    const sealed = this.sealer.seal(JSON.stringify(secret));
    const applied = await this.store.transaction(async (tx) => {
      await tx.addons.setSecret(row.id, sealed, now());
      const out: Array<{ app: App; alias: string; applied: AppliedConfig }> = [];
      for (const attachment of await tx.addons.attachments(row.id)) {
        const found = await tx.apps.byId(attachment.app_id);
        if (!found) continue;
        const attached = toApp(found);
        const vars = { [`${attachment.alias}_URL`]: url };
        out.push({
          app: attached,
          alias: attachment.alias,
          applied: await this.config.applyIn(
            tx,
            attached,
            vars,
            `Rotate credentials of ${name}`,
            principal.name,
          ),
        });
      }
      return out;
    });
    const releases = applied.flatMap(({ app: a, alias, applied: result }) => {
      const release = this.config.announce(a, result).release;
      this.#changed(a, "rotated", row, alias);
      return release ?? [];
    });
    const fresh = (await this.store.addons.byName(name)) ?? row;
    return { addon: await this.#lookup.view(fresh, principal, false), releases, warnings: [] };
  }

  /** Removes the resource and its data, then the record; refused while other apps use it. */
  destroy(app: App, name: string, confirm: string, principal: Principal): Promise<AddonChange> {
    return this.#exclusive(name, () => this.#destroy(app, name, confirm, principal));
  }

  async #destroy(app: App, name: string, confirm: string, principal: Principal): Promise<AddonChange> {
    const row = await this.#lookup.managed(app, name, principal);
    if (confirm !== name) {
      throw new FifteenError(
        "CONFIRM_MISMATCH",
        `Destroying ${name} deletes its data for good; confirm with --confirm ${name}.`,
      );
    }
    await this.#assertOnlyAttachedTo(row, app);
    const view = await this.#lookup.view(row, principal, false);
    await this.#provider(row).deprovision(row.name, JSON.parse(row.resource) as Record<string, string>);
    const secret = this.#lookup.secret(row);
    const applied = await this.store.transaction(async (tx) => {
      const here = (await tx.addons.attachments(row.id)).find((a) => a.app_id === app.id);
      await tx.addons.delete(row.id);
      return here
        ? {
            alias: here.alias,
            result: await this.config.applyIn(
              tx,
              app,
              unsetAddonVars(here.alias, secret),
              `Destroy ${name}`,
              principal.name,
            ),
          }
        : undefined;
    });
    const change = applied ? this.config.announce(app, applied.result) : undefined;
    this.#changed(app, "destroyed", row, applied?.alias ?? null);
    return { addon: view, releases: change?.release ? [change.release] : [], warnings: [] };
  }

  /** For apps:destroy: every add-on the app owns goes with it, unless another app still uses one. */
  async destroyOwned(app: App): Promise<void> {
    const owned = await this.store.addons.ownedBy(app.id);
    for (const row of owned) await this.#assertOnlyAttachedTo(row, app);
    for (const row of owned) {
      await this.#provider(row).deprovision(row.name, JSON.parse(row.resource) as Record<string, string>);
      await this.store.addons.delete(row.id);
    }
  }

  #changed(app: App, action: CoreEvents["addon.changed"]["action"], row: AddonRow, alias: string | null) {
    this.events.emit("addon.changed", {
      app,
      action,
      addon: { name: row.name, kind: row.kind, alias },
    });
  }

  async #exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.#busy.has(name)) {
      throw new FifteenError(
        "ADDON_EXISTS",
        `${name} is being created, rotated or destroyed right now; try again.`,
      );
    }
    this.#busy.add(name);
    try {
      return await work();
    } finally {
      this.#busy.delete(name);
    }
  }

  async #assertOnlyAttachedTo(row: AddonRow, app: App): Promise<void> {
    const others: string[] = [];
    for (const attachment of await this.store.addons.attachments(row.id)) {
      if (attachment.app_id === app.id) continue;
      others.push((await this.store.apps.byId(attachment.app_id))?.name ?? attachment.app_id);
    }
    if (others.length > 0) {
      throw new FifteenError(
        "ADDON_ATTACHED",
        `${row.name} is still attached to ${others.join(", ")}; detach it there first ` +
          `(fifteen addons:detach ${row.name} -a ${others[0]}).`,
      );
    }
  }

  /** The alias and its variables must be free in the app: no other attachment, no config var. */
  async #assertFree(tx: Repos, app: App, alias: string, extra: string[]): Promise<void> {
    const taken = (await tx.addons.attachedTo(app.id)).find((a) => a.alias === alias);
    if (taken) {
      throw new FifteenError(
        "ADDON_ALIAS_TAKEN",
        `${app.name} already has ${taken.name} attached as ${alias}; pick another --as.`,
      );
    }
    const keys = new Set(await this.config.keysIn(tx, app));
    const clash = [`${alias}_URL`, ...extra.map((suffix) => `${alias}_${suffix}`)].find((k) => keys.has(k));
    if (clash) {
      throw new FifteenError(
        "ADDON_ALIAS_TAKEN",
        `${app.name} already has a config var ${clash}; pick another --as, or unset it first.`,
      );
    }
  }

  #provider(row: AddonRow): AddonProvider {
    const provider = this.providers.get(row.kind);
    if (!provider) throw new FifteenError("ADDON_KIND_UNKNOWN", `This platform has no ${row.kind} provider.`);
    return provider;
  }
}
