export * from "./describe-ledger-integrity.js";
export * from "./harness.js";
