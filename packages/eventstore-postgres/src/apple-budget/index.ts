export {
  type AppleBudgetDatabase,
  type AppleRequestSlots,
  PostgresAppleBudget,
  type PostgresAppleBudgetOptions,
  type ReleaseAppleSlot,
} from "./request-budget.js";
export { ensureAppleBudgetSchema } from "./schema.js";
export { type AppleSyncCursor, PostgresSyncCursorStore } from "./sync-cursors.js";
