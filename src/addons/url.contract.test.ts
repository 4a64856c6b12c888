// The AddonProvider contract for url add-ons: a given URL, attached as is.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AddonProvider } from "../core/index.js";
import { rejectsWith } from "../testing/addon-providers.js";
import { UrlProvider } from "./url.js";

describe("addon provider contract: url", () => {
  const provider: AddonProvider = new UrlProvider();

  it("attaches a given URL as is, and needs one", async () => {
    const made = await provider.provision("t-url", { url: "redis://user:pw@cache.internal:6379/2" });
    assert.equal(made.url, "redis://user:pw@cache.internal:6379/2");
    assert.equal(made.resource.host, "cache.internal:6379");
    await rejectsWith(provider.provision("t-url", {}), "ADDON_INVALID", /needs the URL/);
    await rejectsWith(provider.provision("t-url", { url: "not a url" }), "ADDON_INVALID");
    await rejectsWith(
      provider.rotate("t-url", made.resource),
      "ADDON_INVALID",
      /rotate the credentials at its service/,
    );
    await provider.deprovision("t-url", made.resource);
  });
});
