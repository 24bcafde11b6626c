export * from "./read-ledger-log.js";
export * from "./resume-parked.js";
