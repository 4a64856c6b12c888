// A zombie is not a live process: a restart must not wait for (or adopt) processes that only wait to be reaped.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { groupAlive, groupMembers, killGroup, procStat, stillRunning, untilGone } from "./groups.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("process groups", () => {
  it("counts a zombie as gone, and a group whose members are all zombies as gone", async () => {
    // `sleep 0.1` exits first and stays a zombie: its parent (the shell, exec'd into `sleep 30`) never reaps it.
    const child = spawn("/bin/sh", ["-c", "sleep 0.1 & exec sleep 30"], { detached: true, stdio: "ignore" });
    const pgid = child.pid as number;
    let zombie: number | undefined;
    for (let i = 0; i < 100 && zombie === undefined; i++) {
      await sleep(20);
      zombie = groupMembers(pgid).find((pid) => procStat(pid)?.state === "Z");
    }
    assert.ok(zombie, "a zombie in the group");
    assert.equal(stillRunning(zombie, undefined), false);
    assert.equal(stillRunning(pgid, procStat(pgid)?.start), true);
    assert.equal(stillRunning(pgid, "1"), false, "another start time: a reused pid");
    assert.equal(groupAlive(pgid), true);
    killGroup(pgid, "SIGKILL");
    assert.deepEqual(await untilGone([pgid], 5000), []);
    assert.equal(groupAlive(pgid), false);
  });
});
