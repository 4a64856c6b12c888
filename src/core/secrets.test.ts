import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { Sealer } from "./secrets.js";

const key1 = randomBytes(32);
const key2 = randomBytes(32);

function sealer(...keys: [number, Buffer][]): Sealer {
  return new Sealer(new Map(keys));
}

/** Flips one bit of the decoded payload at `index` (negative counts from the end). */
function tamper(sealed: string, index: number): string {
  const [prefix, body] = sealed.split(":") as [string, string];
  const raw = Buffer.from(body, "base64");
  const at = index < 0 ? raw.length + index : index;
  raw[at] = (raw[at] as number) ^ 0x01;
  return `${prefix}:${raw.toString("base64")}`;
}

describe("Sealer", () => {
  test("round-trips ASCII, unicode, the empty string and long values", () => {
    const s = sealer([1, key1]);
    for (const plain of ["hunter2", "pâté ✓ 日本語 🎉", "", "x".repeat(40_000), "line\nbreak\0nul"]) {
      assert.equal(s.open(s.seal(plain)), plain);
    }
  });

  test("sealing the same plaintext twice gives different output", () => {
    const s = sealer([1, key1]);
    const a = s.seal("same secret");
    const b = s.seal("same secret");
    assert.notEqual(a, b);
    assert.equal(s.open(a), "same secret");
    assert.equal(s.open(b), "same secret");
  });

  test("output carries the key version and does not contain the plaintext", () => {
    const s = sealer([1, key1]);
    const plain = "postgres://user:supersecretpassword@db/app";
    const sealed = s.seal(plain);
    assert.match(sealed, /^fk1:[A-Za-z0-9+/]+=*$/);
    assert.ok(!sealed.includes(plain));
    assert.ok(!sealed.includes("supersecretpassword"));
    assert.ok(!sealed.includes(Buffer.from(plain).toString("base64")));
  });

  test("flipping one byte anywhere in the payload makes open() throw", () => {
    const s = sealer([1, key1]);
    const sealed = s.seal("do not touch");
    // nonce, ciphertext and auth tag are all covered
    for (const index of [0, 11, 12, 15, -17, -1]) {
      assert.throws(() => s.open(tamper(sealed, index)), `tampered byte ${index} was accepted`);
    }
  });

  test("a value sealed under one key does not open under another key of the same version", () => {
    const sealed = sealer([1, key1]).seal("mine");
    assert.throws(() => sealer([1, key2]).open(sealed));
  });

  test("relabelling a value with another key version fails even if both keys are known", () => {
    const both = sealer([1, key1], [2, key1]);
    const sealed = sealer([1, key1]).seal("relabel me");
    assert.throws(() => both.open(sealed.replace(/^fk1:/, "fk2:")));
  });

  test("after rotation old values still open and new values use the newest version", () => {
    const old = sealer([1, key1]).seal("from before rotation");
    const rotated = sealer([1, key1], [2, key2]);
    assert.equal(rotated.open(old), "from before rotation");
    const fresh = rotated.seal("after rotation");
    assert.match(fresh, /^fk2:/);
    assert.equal(rotated.open(fresh), "after rotation");
    assert.throws(() => sealer([1, key1]).open(fresh), /unknown key version/);
  });

  test("the highest version is current regardless of map order", () => {
    assert.match(sealer([2, key2], [1, key1]).seal("x"), /^fk2:/);
  });

  test("an unknown key version throws", () => {
    const s = sealer([1, key1]);
    const sealed = s.seal("v");
    assert.throws(() => s.open(sealed.replace(/^fk1:/, "fk9:")), /unknown key version/);
  });

  test("a value without a version prefix throws", () => {
    const s = sealer([1, key1]);
    for (const bad of ["", "plaintext", "fk:abc", "fkx:abc", "fk1:"]) {
      assert.throws(() => s.open(bad), `accepted ${JSON.stringify(bad)}`);
    }
  });

  test("a truncated value throws", () => {
    const s = sealer([1, key1]);
    const sealed = s.seal("a value long enough to truncate");
    const raw = Buffer.from(sealed.slice(4), "base64");
    for (const length of [raw.length - 1, 28, 20, 12, 4]) {
      assert.throws(() => s.open(`fk1:${raw.subarray(0, length).toString("base64")}`), `length ${length}`);
    }
  });

  test("refuses keys that are not 32 bytes", () => {
    assert.throws(() => sealer([1, randomBytes(31)]), /32 bytes/);
    assert.throws(() => sealer([1, randomBytes(33)]), /32 bytes/);
    assert.throws(() => sealer([1, key1], [2, randomBytes(16)]), /key version 2 must be 32 bytes/);
  });

  test("refuses an empty key set", () => {
    assert.throws(() => new Sealer(new Map()), /at least one key/);
  });
});
