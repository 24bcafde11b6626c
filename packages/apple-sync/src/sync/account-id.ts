import { vppAccountStreamId } from "@vpp-ledger/core";

/**
 * The key of a tenant's content token in the {@link TokenVault}, and the
 * `accountId` its {@link AppleClient} reads it with. It is the account's
 * stream id, so a vault entry, a client and the ledger stream of one tenant share one name.
 */
export const appleAccountId = (tenantId: string): string => vppAccountStreamId(tenantId);
