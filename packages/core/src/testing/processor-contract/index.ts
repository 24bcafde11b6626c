export * from "./describe-processor-contract.js";
export * from "./fixtures.js";
export * from "./harness.js";
