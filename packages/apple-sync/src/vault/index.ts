export * from "./byte-store.js";
export * from "./encrypted-vault.js";
export * from "./errors.js";
export * from "./fingerprint.js";
export * from "./memory-vault.js";
export * from "./port.js";
