import type { SimLocation } from "@vpp-ledger/apple-simulator";
import type { VppLedger } from "@vpp-ledger/core";
import { appleCounts } from "./apple-side.js";

/** Apple's side of one app in a few words: what the ledger's pool must agree with after delivery. */
export const appleLine = (loc: SimLocation, adamId: string): string => {
  const counts = appleCounts(loc, adamId);
  return `${counts.assigned} assigned of ${counts.total}`;
};

/** The ledger's pool of one app: licenses held (users and devices together, R16) of the purchased count. */
export const ledgerLine = async (ledger: VppLedger, tenantId: string, adamId: string): Promise<string> => {
  const pool = (await ledger.loadLicense(tenantId, adamId)).state;
  const holders = [...pool.holders.keys(), ...pool.devices.keys()];
  return `${holders.length} held of ${pool.purchased} (${holders.join(", ") || "nobody"})`;
};
