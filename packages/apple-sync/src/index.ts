export * from "./client/index.js";
export * from "./notifications/index.js";
export * from "./sync/index.js";
export * from "./untrusted/index.js";
export * from "./vault/index.js";
