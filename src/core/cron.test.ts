// Cron schedules: five fields in UTC or a given zone; a seconds field only when the operator allows it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FifteenError } from "../shared/errors.js";
import { schedule } from "./cron.js";

const invalid = (fn: () => unknown, message: RegExp) =>
  assert.throws(
    fn,
    (err: unknown) => err instanceof FifteenError && err.code === "CRON_INVALID" && message.test(err.message),
  );

describe("cron schedules", () => {
  it("reads five fields in UTC", () => {
    const next = schedule("30 4 * * *", "UTC", false).nextRun(new Date("2026-01-01T05:00:00Z"));
    assert.equal(next?.toISOString(), "2026-01-02T04:30:00.000Z");
  });

  it("reads them in a time zone when given one", () => {
    const next = schedule("0 3 * * *", "Europe/Berlin", false).nextRun(new Date("2026-07-01T00:00:00Z"));
    assert.equal(next?.toISOString(), "2026-07-01T01:00:00.000Z");
  });

  it("takes day-of-month OR day-of-week, as standard cron does", () => {
    // The 13th, or any Friday: from Sunday 2026-03-01 the first match is Friday the 6th.
    const next = schedule("0 0 13 * 5", "UTC", false).nextRun(new Date("2026-03-01T00:00:00Z"));
    assert.equal(next?.toISOString(), "2026-03-06T00:00:00.000Z");
  });

  it("accepts nicknames", () => {
    const next = schedule("@daily", "UTC", false).nextRun(new Date("2026-01-01T05:00:00Z"));
    assert.equal(next?.toISOString(), "2026-01-02T00:00:00.000Z");
  });

  it("refuses a seconds field unless allowed", () => {
    invalid(() => schedule("*/5 * * * * *", "UTC", false), /give 5 fields/);
    const next = schedule("*/5 * * * * *", "UTC", true).nextRun(new Date("2026-01-01T00:00:01Z"));
    assert.equal(next?.toISOString(), "2026-01-01T00:00:05.000Z");
  });

  it("refuses bad fields with the reason", () => {
    invalid(() => schedule("61 * * * *", "UTC", false), /minute/);
    invalid(() => schedule("* * *", "UTC", false), /give 5 fields/);
    invalid(() => schedule("@sometimes", "UTC", false), /give 5 fields/);
  });
});
