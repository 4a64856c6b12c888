// Helpers for the AddonProvider contract suites: unique add-on names, and asserting a FifteenError's code.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { FifteenError } from "../shared/errors.js";

/** An add-on name no other test run uses. */
export const unique = (label: string) => `t-${label}-${randomBytes(3).toString("hex")}`;

/** Rejects with a FifteenError of this code (and a message matching `message`). */
export function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  return assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FifteenError, String(err));
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}
