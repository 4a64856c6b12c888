// Moved to src/isolation/uid-blocks.ts (issue 17); kept only for src/platform/index.ts, whose owner switches its import.
export * from "../../isolation/uid-blocks.js";
