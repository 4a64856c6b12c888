// The url provider: any existing service, attached by its URL as a named resource (nothing is created).
import type { AddonProvider, ProvisionedAddon } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";

export class UrlProvider implements AddonProvider {
  readonly kind = "url";
  readonly defaultAlias = "SERVICE";
  readonly rotatable = false;

  async provision(_name: string, options: { url?: string | undefined }): Promise<ProvisionedAddon> {
    const raw = options.url;
    if (!raw) {
      throw new FifteenError(
        "ADDON_INVALID",
        "A url add-on needs the URL: addons:create url --url redis://… --as CACHE",
      );
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new FifteenError(
        "ADDON_INVALID",
        "--url is not a URL; give one such as postgres://user:pass@host/db.",
      );
    }
    if (!/^[a-z][a-z0-9+.-]*:$/.test(url.protocol) || raw.length > 4096 || /[\0\r\n]/.test(raw)) {
      throw new FifteenError("ADDON_INVALID", "--url must be a URL with a scheme, at most 4096 characters.");
    }
    return {
      resource: { scheme: url.protocol.slice(0, -1), host: url.host },
      url: raw,
      vars: {},
      warnings: [],
    };
  }

  rotate(): Promise<{ url: string }> {
    return Promise.reject(
      new FifteenError(
        "ADDON_INVALID",
        "A url add-on holds a URL you gave; rotate the credentials at its service, then create a new url add-on.",
      ),
    );
  }

  async deprovision(): Promise<void> {
    // Nothing was created, so nothing is removed.
  }
}
