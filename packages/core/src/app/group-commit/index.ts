export { GroupCommitHandler } from "./group-commit-handler.js";
export type { GroupCommitLimits, GroupCommitOptions } from "./options.js";
export { SharedLoads } from "./shared-loads.js";
export type { StreamLock } from "./stream-lock.js";
