export * from "./arbitraries/index.js";
export * from "./ledger-integrity/index.js";
export * from "./processor-contract/index.js";
export * from "./specification.js";
export * from "./store-contract/index.js";
export * from "./tokens.js";
export * from "./workflow-specification.js";
