// The generated HAProxy files, pure: what the config holds, what it refuses, the host map's values, and the
// slots backends are laid out with. When haproxy is on PATH, it also checks the config is one it accepts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { AppRoute, RouteTable } from "../../shared/route-table.js";
import { PAGES, pageText } from "../pages.js";
import {
  haproxyConfig,
  haproxyFiles,
  mapEntries,
  mapFile,
  mapValue,
  TABLE_KEY,
  type HaproxySettings,
} from "./config.js";
import { Slots } from "./slots.js";

const settings: HaproxySettings = {
  host: "127.0.0.1",
  port: 8080,
  timeoutSeconds: 30,
  websocketIdleSeconds: 3600,
  threads: 1,
  dir: "/var/lib/fifteen/haproxy",
  errorToken: "0123456789abcdef0123456789abcdef",
  accessLog: false,
};

const route = (over: Partial<AppRoute> = {}): AppRoute => ({
  appId: "3f1c2a9e-0000-4000-8000-000000000001",
  app: "shop",
  status: "ok",
  backends: [{ id: "p1", process: "web.1", port: 5001 }],
  ...over,
});

const table = (hosts: RouteTable["hosts"]): RouteTable => ({ version: 1, hosts });

describe("haproxy config", () => {
  const config = haproxyConfig(settings, [{ appId: "a1", slots: [5001, undefined] }]);
  const lines = config.split("\n");

  it("runs master-worker with an admin socket only its user can open", () => {
    assert.ok(lines.includes("  master-worker"));
    assert.ok(
      lines.includes(
        "  stats socket /var/lib/fifteen/haproxy/admin.sock mode 600 level admin expose-fd listeners",
      ),
    );
    assert.ok(lines.includes("  noreuseport"), "a taken port is refused, not shared");
    assert.ok(lines.includes("  nbthread 1"), "FIFTEEN_ROUTER_WORKERS threads");
    assert.ok(haproxyConfig({ ...settings, threads: 4 }, []).includes("\n  nbthread 4\n"));
  });

  it("sends access lines through a ring to the plane's socket only when it takes them", () => {
    assert.ok(!config.includes("log-format"), "no access log: HAProxy logs nothing");
    assert.ok(!config.includes("ring fifteen_access"));
    const logged = haproxyConfig({ ...settings, accessLog: true }, []).split("\n");
    assert.ok(logged.includes("  log ring@fifteen_access len 8192 format raw local0"));
    assert.ok(logged.some((line) => line.startsWith('  log-format "f1\\t')));
    const ring = logged.indexOf("ring fifteen_access");
    assert.ok(ring > 0);
    assert.ok(logged.slice(ring).includes("  server platform unix@/var/lib/fifteen/haproxy/access.sock"));
  });

  it("names each page it answers itself for the access line, and answers by that name", () => {
    // A route's state names its page; every page is answered under its own code.
    assert.ok(
      lines.includes(
        "  http-request set-var(txn.code) var(txn.route),field(1,:) unless { var(txn.route),field(1,:) -m str ok } || { var(txn.code) -m found }",
      ),
    );
    for (const page of ["not-deployed", "no-web", "starting", "crashed", "failed"])
      assert.ok(
        lines.some((line) =>
          new RegExp(
            `^ {2}http-request return status 503 .* if \\{ var\\(txn.code\\) -m str ${page} \\}$`,
          ).test(line),
        ),
        page,
      );
    const at = lines.indexOf(
      "  http-request set-var(txn.code) str(unknown-host) unless { var(txn.route) -m found }",
    );
    assert.ok(at > 0);
    assert.match(
      lines[at + 1] ?? "",
      /^ {2}http-request return status 404 .* if \{ var\(txn.code\) -m str unknown-host \}$/,
    );
  });

  it("listens where the router would, with its timeout towards the processes", () => {
    assert.ok(lines.includes("  bind 127.0.0.1:8080"));
    assert.ok(lines.includes("  timeout server 30s"));
    assert.ok(haproxyConfig({ ...settings, host: "::1" }, []).includes("  bind ipv6@::1:8080\n"));
  });

  it("lays out a backend per app: set slots enabled, spare ones disabled, each one a session cookie can name", () => {
    const at = lines.indexOf("backend app_a1");
    assert.deepEqual(lines.slice(at + 1, at + 6), [
      "  balance roundrobin",
      "  use-server s1 if { var(txn.affsrv) -m str app_a1/s1 }",
      "  use-server s2 if { var(txn.affsrv) -m str app_a1/s2 }",
      "  server s1 127.0.0.1:5001",
      "  server s2 127.0.0.1:1 disabled",
    ]);
  });

  it("answers the router's pages with the same texts", () => {
    for (const page of ["unknown-host", "not-deployed", "no-web", "starting", "crashed", "bad-host"]) {
      const [status, text] = PAGES[page] ?? [0, ""];
      const escaped = text.replace(/"/g, '\\"');
      assert.ok(
        lines.some((l) => l.includes(`return status ${status} `) && l.includes(`"${escaped}\\n"`)),
        page,
      );
    }
    for (const [status, page] of [
      [502, "bad-gateway"],
      [504, "timeout"],
    ] as const)
      assert.ok(
        lines.some(
          (l) => l.startsWith(`  http-error status ${status} `) && l.includes(PAGES[page]?.[1] ?? "-"),
        ),
      );
  });

  it("refuses values that could change the config's meaning", () => {
    assert.throws(() => haproxyConfig({ ...settings, dir: "/tmp/a dir" }, []), /data dir/);
    assert.throws(() => haproxyConfig({ ...settings, dir: "/tmp/a,b" }, []), /data dir/);
    assert.throws(() => haproxyConfig({ ...settings, host: "127.0.0.1 ssl" }, []), /router host/);
    assert.throws(() => haproxyConfig({ ...settings, errorToken: "x y" }, []), /error token/);
    assert.throws(() => haproxyConfig(settings, [{ appId: "a b", slots: [] }]), /app id/);
    assert.throws(() => haproxyConfig(settings, [{ appId: "a1", slots: [70000] }]), /port/);
  });
});

describe("haproxy host map", () => {
  it("maps a host to its state, app, backend and page text", () => {
    assert.equal(mapValue(route()), "ok:shop:app_3f1c2a9e-0000-4000-8000-000000000001:-:-");
    assert.match(mapValue(route({ affinity: true })), /^ok:shop:app_[0-9a-f-]+:-:a$/, "session affinity");
    assert.match(mapValue(route({ maintenance: true })), /^maintenance:shop:/);
    assert.match(mapValue(route({ status: "crashed", backends: [] })), /^crashed:shop:/);
  });

  it("carries a failed release's reason as base64, whatever it holds", () => {
    const failed = route({
      status: "failed",
      failed: { version: 3, failure: 'exit 1; rm -rf / "quoted" $HOME %s\nnext' },
      backends: [],
    });
    const text = mapValue(failed).split(":")[3] ?? "";
    assert.match(text, /^[A-Za-z0-9+/=]+$/);
    assert.equal(Buffer.from(text, "base64").toString(), pageText("failed", failed));
  });

  it("leaves out and reports a host or app name the rules refuse", () => {
    const refused: string[] = [];
    const entries = mapEntries(
      table({
        "shop.localhost": route(),
        "evil.localhost map.txt": route(),
        "x.localhost": route({ app: "Bad Name" }),
      }),
      (host) => refused.push(host),
    );
    assert.deepEqual([...entries.keys()], [TABLE_KEY, "shop.localhost"]);
    assert.deepEqual(refused, ["evil.localhost map.txt", "x.localhost"]);
    assert.equal(mapFile(entries).split("\n")[1], `shop.localhost ${mapValue(route())}`);
  });
});

describe("haproxy slots", () => {
  const two = table({
    "shop.localhost": route({
      appId: "a1",
      backends: [
        { id: "p1", process: "web.1", port: 5001 },
        { id: "p2", process: "web.2", port: 5002 },
      ],
    }),
  });

  it("needs a layout for a new app, then changes slots live", () => {
    const slots = new Slots();
    assert.equal(slots.fits(two), false);
    slots.layOut(two);
    // Eight slots at least: a rollout right after another fits while the first one's processes drain.
    assert.deepEqual(slots.layout(), [
      { appId: "a1", slots: [5001, 5002, ...Array<undefined>(6).fill(undefined)] },
    ]);
    const moved = table({
      "shop.localhost": route({
        appId: "a1",
        backends: [
          { id: "p2", process: "web.2", port: 5002 },
          { id: "p3", process: "web.3", port: 5003 },
        ],
      }),
    });
    assert.equal(slots.fits(moved), true);
    const { set, clear } = slots.apply(moved);
    // p3 avoids p1's slot while p1 may still be draining.
    assert.deepEqual(set, [{ appId: "a1", slot: 2, id: "p3", port: 5003 }]);
    assert.deepEqual(clear, [{ appId: "a1", slot: 0, id: "p1", port: 5001 }]);
    assert.deepEqual(slots.find("p1"), { appId: "a1", slot: 0, active: false });
    slots.forget("p1");
    assert.equal(slots.find("p1"), undefined);
  });

  it("keeps a process that moved to another port enabled", () => {
    const slots = new Slots();
    slots.layOut(two);
    const { set, clear } = slots.apply(
      table({
        "shop.localhost": route({
          appId: "a1",
          backends: [
            { id: "p1", process: "web.1", port: 6001 },
            { id: "p2", process: "web.2", port: 5002 },
          ],
        }),
      }),
    );
    assert.equal(set.length, 1);
    assert.ok(clear.every((c) => !(c.slot === set[0]?.slot)));
  });

  it("asks for a new layout when an app outgrows its slots", () => {
    const slots = new Slots();
    slots.layOut(two);
    const many = route({
      appId: "a1",
      backends: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
        id: `q${n}`,
        process: `web.${n}`,
        port: 7000 + n,
      })),
    });
    assert.equal(slots.fits(table({ "shop.localhost": many })), false);
  });
});

describe(
  "haproxy accepts the generated config",
  { skip: spawnSync("haproxy", ["-v"]).error && "no haproxy on PATH" },
  () => {
    it("passes haproxy -c", async () => {
      const dir = await mkdtemp(join(tmpdir(), "hxc-"));
      try {
        const files = haproxyFiles(dir);
        await writeFile(files.map, mapFile(mapEntries(table({ "shop.localhost": route() }))));
        await writeFile(files.affinity, "");
        await writeFile(files.affinityServers, "");
        await writeFile(
          files.config,
          haproxyConfig({ ...settings, dir, accessLog: true }, [{ appId: "a1", slots: [5001] }]),
        );
        const check = spawnSync("haproxy", ["-c", "-f", files.config], { encoding: "utf8" });
        assert.equal(check.status, 0, check.stderr);
        // With HTTPS: an empty crt-list and TLS hosts map, as before any certificate is published.
        await writeFile(files.crtList, "");
        await writeFile(files.tlsHosts, "");
        const tls = { port: 8443, redirect: true, hstsMaxAge: 300 };
        await writeFile(
          files.config,
          haproxyConfig({ ...settings, dir, tls }, [{ appId: "a1", slots: [5001] }]),
        );
        const withTls = spawnSync("haproxy", ["-c", "-f", files.config], { encoding: "utf8" });
        assert.equal(withTls.status, 0, withTls.stderr);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
