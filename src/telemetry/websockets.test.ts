// Open WebSockets as telemetry keeps them: the gauge follows the data plane's full reports (a process with none
// has no series), and `fifteen metrics` gets the most open per point, then 0 once they closed.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openTelemetryDb, type TelemetryDb } from "./db.js";
import { Telemetry } from "./service.js";

describe("telemetry: open WebSockets", () => {
  let dir: string;
  let db: TelemetryDb;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fifteen-websockets-"));
    db = openTelemetryDb(join(dir, "telemetry.db"));
  });
  after(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("sets the gauge per app and process, and drops a process's series once it has none", async () => {
    const telemetry = new Telemetry({ db, onError: (err) => assert.fail(String(err)) });
    const sample = (process: string, open: number) => ({ appId: "a1", app: "chat", process, open });
    telemetry.websockets([sample("web.1", 3), sample("web.2", 5)]);
    let text = (await telemetry.prometheus()).text;
    assert.match(text, /^fifteen_router_websockets_open\{app="chat",process="web\.1"\} 3$/m);
    assert.match(text, /^fifteen_router_websockets_open\{app="chat",process="web\.2"\} 5$/m);
    telemetry.websockets([sample("web.2", 7)]);
    text = (await telemetry.prometheus()).text;
    assert.doesNotMatch(text, /process="web\.1"/);
    assert.match(text, /^fifteen_router_websockets_open\{app="chat",process="web\.2"\} 7$/m);
    const points = telemetry.series("a1", Date.now() - 60_000).points;
    assert.equal(points.at(-1)?.websockets["web.2"], 7);
    assert.equal(points.at(-1)?.websockets["web.1"], 3, "the most open in the point");
    telemetry.close();
  });
});
