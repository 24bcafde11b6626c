import { isId } from "@vpp-ledger/core";
import type { SyncRun } from "./sync-run.js";
import type { AppleIdField, AppleList, SyncWarning } from "./sync-warning.js";

const EXPECTED: Readonly<Record<AppleIdField, string>> = {
  adamId: "1–20 digits",
  clientUserId: "1–128 characters of A–Z a–z 0–9 . _ ~ @ + = -, starting with a letter or digit",
  serialNumber: "1–128 characters of A–Z a–z 0–9 . _ ~ @ + = -, starting with a letter or digit",
};

/** Whether an adamId read from Apple may name a pool (R24). */
export const isAppleAdamId = (value: unknown): value is string => isId("adamId", value);

/** Whether a clientUserId read from Apple may be one of our users (R24: ours always follow the grammar). */
export const isAppleUserId = (value: unknown): value is string => isId("identifier", value);

/** Whether a serialNumber read from Apple may be a device the host registered (R24: registered ones follow the grammar). */
export const isAppleSerialNumber = (value: unknown): value is string => isId("identifier", value);

/**
 * Counts ids one step of a sync rejected, per field, and tells the host once per field at the end of the
 * step (`onWarning`; a throwing hook is ignored, it must not fail the sync).
 */
export class RejectedIds {
  readonly #counts = new Map<AppleIdField, number>();

  constructor(
    private readonly run: SyncRun,
    private readonly source: AppleList,
  ) {}

  /** One record skipped for this field. */
  add(field: AppleIdField): void {
    this.#counts.set(field, (this.#counts.get(field) ?? 0) + 1);
  }

  /** Forgets the counts: the walk restarted and will list everything again. */
  reset(): void {
    this.#counts.clear();
  }

  /** Records skipped in this step. */
  get total(): number {
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  /** Tells the host what was skipped, one warning per field. */
  report(): void {
    const { tenantId, syncId } = this.run.request;
    for (const [field, count] of this.#counts) {
      const warning: SyncWarning = {
        type: "rejected-ids",
        tenantId,
        syncId,
        source: this.source,
        field,
        count,
        expected: EXPECTED[field],
      };
      try {
        this.run.deps.onWarning?.(warning);
      } catch {
        // Warnings are best effort; the sync's report still counts what was skipped.
      }
    }
  }
}
