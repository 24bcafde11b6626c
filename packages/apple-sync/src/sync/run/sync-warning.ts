// Its own module: the sync request's options name this type, and the code that raises it needs the run.

/** Which of Apple's lists a sync reads. */
export type AppleList = "assets" | "assignments" | "users";
/** Which of their fields hold ids the ledger keeps. */
export type AppleIdField = "adamId" | "clientUserId" | "serialNumber";

/**
 * A sync met ids of Apple's that follow no grammar of the ledger (R24) and skipped them: a summary per list
 * and field, told once the list is read. It never carries the values: they came from Apple and may be
 * anything (a token, a megabyte, control characters).
 */
export interface SyncWarning {
  readonly type: "rejected-ids";
  readonly tenantId: string;
  readonly syncId: string;
  readonly source: AppleList;
  readonly field: AppleIdField;
  /** Records skipped. */
  readonly count: number;
  /** The grammar the field must follow. */
  readonly expected: string;
}
