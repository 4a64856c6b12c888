// The route-status rule on its own: an app's state and processes in, its route out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AppRuntimeState, Release } from "../core/index.js";
import type { ProcessStatus } from "./driver.js";
import { appRoute, hostsOf, routeHosts, webRoute } from "./route-table.js";

function web(
  id: string,
  release: number,
  state: ProcessStatus["state"],
  port: number | null = 5000,
): ProcessStatus {
  return {
    id,
    appId: "a",
    app: "shop",
    name: `web.${id}`,
    type: "web",
    index: 1,
    release,
    state,
    since: "",
    pid: 1,
    port,
    restarts: 0,
    command: "node web.js",
    oneOff: false,
    lastExit: null,
    web: true,
    bootFailure: null,
  };
}

function state(
  over: Partial<AppRuntimeState> = {},
  maintenance = false,
  features: string[] = [],
): AppRuntimeState {
  const release = { version: 2, processTypes: { web: "node web.js" } } as unknown as Release;
  return {
    app: { id: "a", name: "shop", createdAt: "", deployBranch: "main", maintenance, features, uid: null },
    release,
    formation: { web: 1 },
    memory: {},
    disks: {},
    domains: [],
    uid: 5000,
    ...over,
  };
}

describe("route table", () => {
  it("routes the live release's up web processes with a port, not draining ones", () => {
    const route = appRoute(
      state(),
      [
        web("1", 2, "up"),
        web("2", 2, "up", null),
        web("3", 1, "up"),
        web("4", 2, "up"),
        web("5", 2, "starting"),
      ],
      new Set(["4"]),
    );
    assert.equal(route.status, "ok");
    assert.deepEqual(route.backends, [{ id: "1", process: "web.1", port: 5000 }]);
  });

  it("says why nothing serves: not deployed, failed, no web, crashed, starting", () => {
    const none = new Set<string>();
    assert.equal(appRoute(state({ release: undefined }), [], none).status, "not-deployed");
    const failed = appRoute(
      state({ release: undefined, failedRelease: { version: 1, failure: "boom" } }),
      [],
      none,
    );
    assert.deepEqual([failed.status, failed.failed], ["failed", { version: 1, failure: "boom" }]);
    assert.equal(appRoute(state({ formation: { web: 0 } }), [], none).status, "no-web");
    assert.equal(appRoute(state(), [web("1", 2, "crashed")], none).status, "crashed");
    assert.equal(appRoute(state(), [web("1", 2, "starting")], none).status, "starting");
    assert.equal(appRoute(state({}, true), [], none).maintenance, true);
    assert.equal(appRoute(state(), [], none).maintenance, undefined);
  });

  it("carries session affinity only for an app with http-session-affinity on", () => {
    const none = new Set<string>();
    assert.equal(appRoute(state({}, false, ["http-session-affinity"]), [], none).affinity, true);
    assert.equal(appRoute(state(), [], none).affinity, undefined);
  });

  it("is the same rule fifteen dev uses for its one app", () => {
    assert.deepEqual(webRoute([web("1", 0, "crashed"), web("2", 0, "up")]), {
      status: "ok",
      backends: [{ id: "2", process: "web.2", port: 5000 }],
    });
    assert.equal(webRoute([]).status, "starting");
  });

  it("names each app by APP.localhost and its domains; of two apps claiming a host, the later one has it", () => {
    assert.deepEqual(hostsOf("shop", ["shop.example.com"]), ["shop.localhost", "shop.example.com"]);
    const a = appRoute(state(), [], new Set());
    const b = { ...a, app: "other" };
    const hosts = routeHosts([
      { hosts: ["shop.localhost", "x.example.com"], route: a },
      { hosts: ["other.localhost", "x.example.com"], route: b },
    ]);
    assert.deepEqual(Object.keys(hosts), ["shop.localhost", "x.example.com", "other.localhost"]);
    assert.equal(hosts["x.example.com"]?.app, "other");
  });
});
