// Finding add-ons as a token may see them (attached to this app, owned by an app it can see) and the view of
// one it is shown: credentials only with app:admin.
import { FifteenError } from "../shared/errors.js";
import type { AddonRow, Store } from "../store/index.js";
import type { App } from "./types.js";
import { can, canSeeApp } from "./access.js";
import { addonVars, type AddonSecret } from "./addon-vars.js";
import type { Sealer } from "./secrets.js";
import type { Principal } from "./types.js";

export interface Addon {
  name: string;
  kind: string;
  /** The app that created it. */
  owner: string;
  /** Every app it is attached to (that this token can see), with the variables it sets there. */
  attachments: Array<{ app: string; alias: string; vars: string[] }>;
  /** What the provider made (database, role, user, prefix, server): no secrets. */
  resource: Record<string, string>;
  createdBy: string;
  createdAt: string;
  rotatedAt: string | null;
  /** The credentials: only for a token with app:admin, else null. */
  url: string | null;
}

export class AddonLookup {
  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
  ) {}

  secret(row: AddonRow): AddonSecret {
    return JSON.parse(this.sealer.open(row.secret)) as AddonSecret;
  }

  /** The add-on's URL, or "" when its secret cannot be opened. */
  openUrl(row: AddonRow): string {
    try {
      return this.secret(row).url;
    } catch {
      return "";
    }
  }

  /** As attachedTo, and the token must see the owner app too: rotate and destroy act on every attachment. */
  async managed(app: App, name: string, principal: Principal): Promise<AddonRow> {
    const row = await this.attachedTo(app, name);
    const owner = await this.store.apps.byId(row.owner_app_id);
    if (!owner || !canSeeApp(principal, owner)) {
      throw new FifteenError(
        "FORBIDDEN",
        `${name} belongs to another app; only a token that can see that app may rotate or destroy it.`,
      );
    }
    return row;
  }

  /** An add-on attached to this app, else ADDON_NOT_FOUND (names of others' add-ons are not revealed). */
  async attachedTo(app: App, name: string): Promise<AddonRow> {
    const row = (await this.store.addons.attachedTo(app.id)).find((a) => a.name === name);
    if (!row) {
      throw new FifteenError(
        "ADDON_NOT_FOUND",
        `${app.name} has no add-on named ${name}; see \`fifteen addons\`.`,
      );
    }
    return row;
  }

  /** An add-on whose owner app the token can see with app:admin (to attach it elsewhere). */
  async visible(name: string, principal: Principal): Promise<AddonRow> {
    const row = await this.store.addons.byName(name);
    const owner = row ? await this.store.apps.byId(row.owner_app_id) : undefined;
    if (!row || !owner || !canSeeApp(principal, owner)) {
      throw new FifteenError("ADDON_NOT_FOUND", `No add-on named ${name}; see \`fifteen addons -a APP\`.`);
    }
    if (!can(principal, "app:admin", owner)) {
      throw new FifteenError(
        "FORBIDDEN",
        `Attaching ${name} shares its credentials: it needs app:admin on ${owner.name}, which owns it.`,
      );
    }
    return row;
  }

  async view(row: AddonRow, principal: Principal, withCredentials: boolean): Promise<Addon> {
    const owner = await this.store.apps.byId(row.owner_app_id);
    const attachments: Addon["attachments"] = [];
    const secret = this.secret(row);
    for (const attachment of await this.store.addons.attachments(row.id)) {
      const attached = await this.store.apps.byId(attachment.app_id);
      if (!attached || !canSeeApp(principal, attached)) continue;
      attachments.push({
        app: attached.name,
        alias: attachment.alias,
        vars: Object.keys(addonVars(attachment.alias, secret)),
      });
    }
    return {
      name: row.name,
      kind: row.kind,
      owner: owner?.name ?? "",
      attachments,
      resource: JSON.parse(row.resource) as Record<string, string>,
      createdBy: row.created_by,
      createdAt: row.created_at,
      rotatedAt: row.rotated_at,
      url: withCredentials ? secret.url : null,
    };
  }
}
