// The data-plane contract run against the Node router: the real router process, started by its supervisor.
import { join } from "node:path";
import pino from "pino";
import { dataPlaneContract } from "../testing/data-plane-contract.js";
import { RouterSupervisor } from "./supervisor.js";

dataPlaneContract(
  "node",
  ({ config, dataDir, onAccess, onWebSockets }) =>
    new RouterSupervisor({
      config,
      env: {},
      dataDir,
      registryDir: join(dataDir, "router-pid"),
      version: "contract",
      log: pino({ level: "silent" }),
      onAccess,
      onWebSockets,
    }),
);
