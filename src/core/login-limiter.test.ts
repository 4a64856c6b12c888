import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LoginLimiter } from "./login-limiter.js";

const limits = {
  perEmail: 3,
  perSource: 5,
  windowMs: 60_000,
  inFlight: { perEmail: 2, perSource: 4, total: 8 },
};

describe("LoginLimiter", () => {
  test("counts an attempt before its password is checked, so parallel guesses cannot pass the limit", () => {
    const limiter = new LoginLimiter({ ...limits, inFlight: { perEmail: 100, perSource: 100, total: 100 } });
    const started = Array.from({ length: 10 }, () => limiter.begin("a@x", "1.2.3.4", 1000));
    assert.equal(started.filter(Boolean).length, 3, "only perEmail attempts start");
    for (const a of started) if (a) limiter.end(a, false);
    assert.ok(limiter.retryAfter("a@x", "1.2.3.4", 2000) > 0);
    assert.equal(limiter.retryAfter("a@x", "1.2.3.4", 61_001), 0, "the window moves on");
  });

  test("caps checks in flight per email and per source", () => {
    const limiter = new LoginLimiter({ ...limits, perEmail: 100, perSource: 100 });
    const a = limiter.begin("a@x", "s", 0);
    const b = limiter.begin("a@x", "s", 0);
    assert.ok(a && b);
    assert.equal(limiter.begin("a@x", "s", 0), undefined, "a third check for the same email waits");
    limiter.end(a, false);
    assert.ok(limiter.begin("a@x", "s", 0), "and may start once one ends");
  });

  test("a success takes its attempt back and clears the email's failures", () => {
    const limiter = new LoginLimiter(limits);
    for (let i = 0; i < 2; i++) limiter.end(limiter.begin("a@x", "s", 0) as never, false);
    limiter.end(limiter.begin("a@x", "s", 0) as never, true);
    for (let i = 0; i < 3; i++) {
      const attempt = limiter.begin("a@x", "s", 0);
      assert.ok(attempt, `attempt ${i} after the success`);
      limiter.end(attempt, false);
    }
    assert.equal(limiter.begin("a@x", "s", 0), undefined, "then the limit applies again");
  });

  test("one source guessing many emails is limited too", () => {
    const limiter = new LoginLimiter({ ...limits, inFlight: { perEmail: 100, perSource: 100, total: 100 } });
    const started = Array.from({ length: 9 }, (_, i) => limiter.begin(`u${i}@x`, "evil", 0));
    assert.equal(started.filter(Boolean).length, 5);
    assert.ok(limiter.begin("fresh@x", "other", 0), "another source is not affected");
  });
});
