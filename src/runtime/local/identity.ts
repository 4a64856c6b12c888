// Moved to src/isolation/identity.ts (issue 17); kept only for src/platform/index.ts, whose owner switches its import.
export * from "../../isolation/identity.js";
