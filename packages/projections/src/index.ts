export * from "./account-overview.js";
export * from "./install-monitor.js";
export * from "./license-audit.js";
export * from "./license-history.js";
export * from "./projection.js";
export * from "./purchased-apps.js";
export * from "./runner.js";
