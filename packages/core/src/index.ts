export * from "./shared/codec.js";
export * from "./shared/decider.js";
export * from "./shared/errors.js";
export * from "./shared/time.js";
export * from "./store/errors.js";
export * from "./store/port.js";
