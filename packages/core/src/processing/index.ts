export * from "./lease.js";
export * from "./leased-processor.js";
export * from "./live-processor.js";
export * from "./log-processor.js";
export * from "./sink.js";
export * from "./workflow.js";
export * from "./workflow-sink.js";
export * from "./workflow-state.js";
