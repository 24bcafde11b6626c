export * from "./account.js";
export * from "./account-events.js";
export * from "./license.js";
export * from "./license-devices.js";
export * from "./steps.js";
export * from "./time.js";
export * from "./values.js";
