export * from "./collect.js";
export * from "./counter.js";
export * from "./describe-event-store-contract.js";
export * from "./fixtures.js";
export * from "./harness.js";
export * from "./hot-pool.js";
export * from "./hot-pool-checks.js";
export * from "./instrumented-store.js";
