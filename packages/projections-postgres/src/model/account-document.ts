import { LedgerError, SyncReport, TokenHealth } from "@vpp-ledger/core";
import { isRight } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { AccountDocument } from "./account-overview.js";

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

/** The stored account document's shape: what {@link AccountDocument} holds, checked when read back. */
const AccountDocumentCodec = t.intersection([
  t.type({
    link: nullable(
      t.type({
        orgName: t.string,
        tokenName: t.string,
        appleId: t.string,
        fingerprint: t.string,
        expiresAt: t.string,
        linkedAt: t.string,
        updatedAt: t.string,
        revokedAt: nullable(t.string),
      }),
    ),
    claimedBy: nullable(t.type({ mdmId: t.string, mdmName: t.string, at: t.string })),
    sync: t.type({
      running: nullable(
        t.type({ syncId: t.string, trigger: t.keyof({ manual: null, schedule: null }), startedAt: t.string }),
      ),
      lastStartedAt: nullable(t.string),
      lastSucceededAt: nullable(t.string),
      lastReport: nullable(SyncReport),
      lastFailure: nullable(t.type({ code: t.string, message: t.string, at: t.string })),
    }),
  }),
  t.partial({ tokenHealth: TokenHealth }),
]);

/**
 * Reads a stored account document back. A document that does not have the shape (edited by hand) fails with an
 * error that names no stored value: its content is the tenant's, including the admin's Apple ID.
 */
export const decodeAccountDocument = (value: unknown): AccountDocument => {
  const decoded = AccountDocumentCodec.decode(value);
  if (isRight(decoded)) return decoded.right;
  throw new LedgerError(
    "read-model-invalid",
    "an account_overview document does not have the account page's shape: rebuild the read models",
  );
};
