// Moved to src/toolchains/toolchains.ts (issue 17); kept only for src/platform/index.ts, whose owner switches its import.
export * from "../../toolchains/toolchains.js";
