export * from "./erase.js";
export * from "./install.js";
export * from "./install-resumer.js";
export * from "./install-resumption.js";
export * from "./ledger.js";
export * from "./pending-installs.js";
