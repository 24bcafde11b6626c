export * from "./live-processor.js";
export * from "./log-processor.js";
export * from "./sink.js";
