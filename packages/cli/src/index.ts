export { type AuditOutcome, type AuditScope, auditLog } from "./commands/audit.js";
export { CliUsageError, describeError, EXIT, type ExitCode } from "./errors.js";
export { type CliIo, processIo } from "./io.js";
export { buildProgram, run } from "./main.js";
export { resolveStoreTarget, STORE_ENV, STORE_FILE_ENV, type StoreTarget } from "./store/target.js";
