export * from "./in-memory-event-store.js";
export * from "./in-memory-snapshot-store.js";
