// The AddonProvider contract for redis, against real servers: the machine's Redis (the shared plan) and
// dedicated redis-servers (the default plans).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import pino from "pino";
import { testRedisUrl } from "../config/index.js";
import type { AddonProvider } from "../core/index.js";
import { Sealer } from "../core/secrets.js";
import { freePort } from "../runtime/local/process.js";
import { rejectsWith, unique } from "../testing/addon-providers.js";
import { filesContaining } from "../testing/platform.js";
import { nobodyIds } from "./redis-dedicated.js";
import { RedisProvider, redisPrefix, redisUser } from "./redis.js";

async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  let failure: Error | undefined;
  redis.on("error", (err: Error) => (failure = err));
  try {
    // A refused AUTH closes the connection; the error event has the reason (WRONGPASS).
    await redis.connect().catch((err: Error) => Promise.reject(failure ?? err));
    return await work(redis).catch((err: Error) => Promise.reject(failure ?? err));
  } finally {
    redis.disconnect();
  }
}

/** A redis provider whose dedicated servers live in a temp dir, with a log we can read. */
async function redisProvider(adminUrl: string | undefined, binary = "/usr/bin/redis-server") {
  const root = await mkdtemp(join(tmpdir(), "fifteen-redis-"));
  // As the data dir with per-app uids: the servers' uid (nobody) passes through to its data/.
  await chmod(root, 0o711);
  const lines: string[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
  const host = {
    dir: join(root, "addons", "redis"),
    binary,
    runAs: process.getuid?.() === 0 ? nobodyIds() : undefined,
    sealer: new Sealer(new Map([[1, randomBytes(32)]])),
    log,
  };
  const provider = new RedisProvider({ adminUrl, dedicated: host });
  return {
    provider,
    host,
    lines,
    root,
    async cleanup() {
      await provider.stopAll();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Both plans pass the same contract; `key` names a key the add-on may use. */
for (const mode of [
  { plan: "shared", key: (name: string) => `${redisPrefix(name)}k` },
  { plan: "mini", key: () => "bull:jobs:1" },
] as const) {
  describe(`addon provider contract: redis (${mode.plan})`, () => {
    let made: Awaited<ReturnType<typeof redisProvider>>;
    let provider: AddonProvider;
    before(async () => {
      made = await redisProvider(testRedisUrl());
      provider = made.provider;
    });
    after(() => made.cleanup());

    it("provisions a URL that reads and writes, recording its plan", async () => {
      const name = unique("c");
      const addon = await provider.provision(name, { plan: mode.plan });
      try {
        assert.equal(addon.resource.plan, mode.plan);
        assert.deepEqual(
          addon.warnings.filter((w) => !/in memory only/.test(w)),
          [],
        );
        await withRedis(addon.url, async (redis) => {
          assert.equal(await redis.set(mode.key(name), "hello"), "OK");
          assert.equal(await redis.get(mode.key(name)), "hello");
        });
      } finally {
        await provider.deprovision(name, addon.resource);
      }
    });

    it("rotates: the old password stops working, the new one works", async () => {
      const name = unique("rot");
      const addon = await provider.provision(name, { plan: mode.plan });
      try {
        const { url } = await provider.rotate(name, addon.resource);
        assert.notEqual(url, addon.url);
        await withRedis(url, async (redis) => assert.equal(await redis.ping(), "PONG"));
        await assert.rejects(
          withRedis(addon.url, (redis) => redis.ping()),
          /WRONGPASS/,
        );
      } finally {
        await provider.deprovision(name, addon.resource);
      }
    });

    it("deprovisions everything, and again without error", async () => {
      const name = unique("gone");
      const addon = await provider.provision(name, { plan: mode.plan });
      await withRedis(addon.url, async (redis) => {
        for (let i = 0; i < 20; i++) await redis.set(`${mode.key(name)}${i}`, "v");
      });
      await provider.deprovision(name, addon.resource);
      await assert.rejects(withRedis(addon.url, (redis) => redis.ping()));
      if (mode.plan === "shared") {
        await withRedis(testRedisUrl(), async (redis) => {
          assert.equal(await redis.call("ACL", "GETUSER", redisUser(name)), null);
          assert.deepEqual(await redis.keys(`${redisPrefix(name)}*`), []);
        });
      } else {
        await assert.rejects(stat(join(made.host.dir, name)), /ENOENT/, "its directory is gone");
      }
      await provider.deprovision(name, addon.resource);
    });

    it("says what is missing when it cannot provision, and creates nothing", async () => {
      if (mode.plan === "shared") {
        const port = await freePort();
        const down = await redisProvider(`redis://127.0.0.1:${port}`);
        try {
          await rejectsWith(
            down.provider.provision(unique("x"), { plan: "shared" }),
            "ADDON_UNAVAILABLE",
            new RegExp(`127\\.0\\.0\\.1:${port}`),
          );
        } finally {
          await down.cleanup();
        }
        const none = await redisProvider(undefined);
        await rejectsWith(
          none.provider.provision(unique("x"), { plan: "shared" }),
          "ADDON_UNAVAILABLE",
          /FIFTEEN_REDIS_URL/,
        );
        await none.cleanup();
      } else {
        const missing = await redisProvider(undefined, "/nonexistent/redis-server");
        try {
          await rejectsWith(
            missing.provider.provision(unique("x"), { plan: "mini" }),
            "ADDON_UNAVAILABLE",
            /\/nonexistent\/redis-server is not there.*FIFTEEN_REDIS_SERVER.*redis:shared/,
          );
        } finally {
          await missing.cleanup();
        }
      }
      await rejectsWith(provider.provision(unique("x"), { plan: "huge" }), "ADDON_INVALID", /no plan "huge"/);
    });
  });
}

describe("addon provider contract: redis (shared only)", () => {
  const admin = testRedisUrl();
  let made: Awaited<ReturnType<typeof redisProvider>>;
  before(async () => (made = await redisProvider(admin)));
  after(() => made.cleanup());

  it("limits the user to its prefix, without dangerous commands", async () => {
    const name = unique("r");
    const addon = await made.provider.provision(name, { plan: "shared" });
    const prefix = redisPrefix(name);
    assert.equal(addon.vars.KEY_PREFIX, prefix);
    try {
      await withRedis(addon.url, async (redis) => {
        await assert.rejects(redis.get("other:greeting"), /NOPERM/);
        await assert.rejects(redis.set("other:greeting", "x"), /NOPERM/);
        await assert.rejects(redis.flushall(), /NOPERM/);
        await assert.rejects(redis.call("CONFIG", "GET", "maxmemory"), /NOPERM/);
        await assert.rejects(redis.call("KEYS", "*"), /NOPERM/);
      });
    } finally {
      await made.provider.deprovision(name, addon.resource);
    }
  });

  it("leaves an existing user alone and creates nothing", async () => {
    const name = unique("rx");
    await withRedis(admin, (redis) => redis.call("ACL", "SETUSER", redisUser(name), "off"));
    try {
      await rejectsWith(
        made.provider.provision(name, { plan: "shared" }),
        "ADDON_PROVISION_FAILED",
        /already has an ACL user/,
      );
      await withRedis(admin, async (redis) => {
        assert.ok(await redis.call("ACL", "GETUSER", redisUser(name)), "the existing user is still there");
      });
    } finally {
      await withRedis(admin, (redis) => redis.call("ACL", "DELUSER", redisUser(name)));
    }
  });
});

describe("addon provider contract: redis (dedicated only)", () => {
  let made: Awaited<ReturnType<typeof redisProvider>>;
  before(async () => (made = await redisProvider(undefined)));
  after(() => made.cleanup());

  it("is a server of its own: any key, pub/sub, the plan's memory, no eviction, no CONFIG SET", async () => {
    const name = unique("d");
    const addon = await made.provider.provision(name, { plan: "premium-0" });
    try {
      assert.match(addon.url, /^redis:\/\/:[0-9a-f]{48}@127\.0\.0\.1:\d+$/);
      assert.deepEqual(addon.vars, {}, "no key prefix to use");
      await withRedis(addon.url, async (redis) => {
        assert.equal(await redis.set("bull:mail:1", "x"), "OK");
        assert.equal(await redis.set("anything", "y"), "OK");
        assert.deepEqual((await redis.keys("*")).sort(), ["anything", "bull:mail:1"]);
        assert.deepEqual(await redis.call("CONFIG", "GET", "maxmemory"), [
          "maxmemory",
          String(50 * 1024 * 1024),
        ]);
        assert.deepEqual(await redis.call("CONFIG", "GET", "maxmemory-policy"), [
          "maxmemory-policy",
          "noeviction",
        ]);
        assert.deepEqual(await redis.call("CONFIG", "GET", "appendonly"), ["appendonly", "yes"]);
        await assert.rejects(redis.call("CONFIG", "SET", "maxmemory", "0"), /NOPERM/);
        await assert.rejects(redis.call("ACL", "SETUSER", "default", "nopass"), /NOPERM/);
        // Channels of any name (Bull's pub/sub).
        const sub = redis.duplicate();
        try {
          const got = new Promise<string>((resolve) =>
            sub.on("message", (_c: string, m: string) => resolve(m)),
          );
          await sub.subscribe("bull:mail:completed");
          await redis.publish("bull:mail:completed", "done");
          assert.equal(await got, "done");
        } finally {
          sub.disconnect();
        }
      });
      // The config and its directory are the platform's; the password is never written in clear.
      const dir = join(made.host.dir, name);
      assert.equal((await stat(join(dir, "redis.conf"))).mode & 0o777, 0o600);
      const password = decodeURIComponent(new URL(addon.url).password);
      assert.deepEqual(await filesContaining(dir, password), []);
      const status = await made.provider.status?.(name, addon.resource);
      assert.match(status?.state ?? "", /^running \(pid \d+\)$/);
      assert.match(status?.["memory used"] ?? "", /^[\d.]+ (KB|MB) of 50\.0 MB$/);
      if (made.host.runAs) {
        const pid = Number(/pid (\d+)/.exec(status?.state ?? "")?.[1]);
        const uid = /^Uid:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1];
        assert.equal(Number(uid), made.host.runAs.uid, "runs as nobody");
      }
    } finally {
      await made.provider.deprovision(name, addon.resource);
    }
  });

  it("restarts a server that dies, with its data; its log reaches the platform log", async () => {
    const name = unique("k");
    const addon = await made.provider.provision(name, { plan: "mini" });
    try {
      await withRedis(addon.url, (redis) => redis.set("kept", "yes"));
      const pid = Number(
        /pid (\d+)/.exec((await made.provider.status?.(name, addon.resource))?.state ?? "")?.[1],
      );
      process.kill(pid, "SIGKILL");
      let state = "";
      // Until a new process runs (the first restart waits 500 ms).
      for (let i = 0; i < 100 && (!state.startsWith("running") || state.includes(`pid ${pid})`)); i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = (await made.provider.status?.(name, addon.resource))?.state ?? "";
      }
      assert.match(state, /^running \(pid \d+\)$/);
      assert.ok(!state.includes(`pid ${pid})`), `a new process: ${state}`);
      await withRedis(addon.url, async (redis) => assert.equal(await redis.get("kept"), "yes"));
      const logged = made.lines.join("");
      assert.match(logged, /the add-on's redis server died; restarting it/);
      assert.match(logged, /Ready to accept connections/);
    } finally {
      await made.provider.deprovision(name, addon.resource);
    }
  });

  it("keeps trying, with backoff, a server that cannot start (its port taken), and names why", async () => {
    const name = unique("p");
    const addon = await made.provider.provision(name, { plan: "mini" });
    await made.provider.close?.();
    const next = new RedisProvider({ adminUrl: undefined, dedicated: made.host });
    await next.stopAll();
    const squatter = createServer().listen(Number(addon.resource.port), "127.0.0.1");
    await once(squatter, "listening");
    try {
      await next.resume([{ name, resource: addon.resource, url: addon.url }]);
      assert.equal((await next.status(name, addon.resource)).state, "restarting");
      assert.match(made.lines.join(""), /"msg":"could not start the add-on's redis server"/);
      assert.match(
        made.lines.join(""),
        /did not answer on 127\.0\.0\.1:\d+ \(exit 1\): .*Address already in use/,
      );
    } finally {
      squatter.close();
    }
    let state = "";
    for (let i = 0; i < 50 && !state.startsWith("running"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await next.status(name, addon.resource)).state ?? "";
    }
    assert.match(state, /^running/);
    await next.deprovision(name, addon.resource);
    next.close();
  });

  it("outlives the provider: the next one adopts the running server; stopAll stops it", async () => {
    const name = unique("a");
    const addon = await made.provider.provision(name, { plan: "mini" });
    const before = (await made.provider.status?.(name, addon.resource))?.state;
    await made.provider.close?.();
    await withRedis(addon.url, async (redis) => assert.equal(await redis.ping(), "PONG"));
    const next = new RedisProvider({ adminUrl: undefined, dedicated: made.host });
    await next.resume([{ name, resource: addon.resource, url: addon.url }]);
    assert.equal((await next.status(name, addon.resource)).state, before, "the same process");
    assert.ok(made.lines.join("").includes("adopted the add-on's redis server"));
    assert.equal(await next.stopAll(), 1);
    await assert.rejects(withRedis(addon.url, (redis) => redis.ping()));
    // Started again from its record: the data is still there.
    await next.resume([{ name, resource: addon.resource, url: addon.url }]);
    await withRedis(addon.url, async (redis) => assert.equal(await redis.ping(), "PONG"));
    await next.deprovision(name, addon.resource);
  });
});
