import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { SnapshotCodec } from "../app/aggregate.js";
import { Holders } from "../license/holders.js";
import { SerialNumber } from "../license/terms.js";
import { decodeWith, Identifier } from "../shared/codec.js";
import { IsoDateTime } from "../shared/time.js";
import { SyncReport } from "./events.js";
import type { VppAccountState } from "./state.js";
import { TokenHealth } from "./token-health.js";

const Nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

const Stored = t.intersection([
  t.type({
    link: Nullable(
      t.type({
        orgName: t.string,
        tokenName: t.string,
        appleId: t.string,
        fingerprint: t.string,
        // Times are checked, not just typed: an unreadable expiry would compare as "never expires" (R5).
        expiresAt: IsoDateTime,
        linkedAt: IsoDateTime,
        updatedAt: IsoDateTime,
        revokedAt: Nullable(IsoDateTime),
      }),
    ),
    claimedBy: Nullable(t.type({ mdmId: t.string, mdmName: t.string, at: IsoDateTime })),
    sync: t.type({
      running: Nullable(
        t.type({
          syncId: t.string,
          trigger: t.keyof({ manual: null, schedule: null }),
          startedAt: IsoDateTime,
        }),
      ),
      lastStartedAt: Nullable(IsoDateTime),
      lastSucceededAt: Nullable(IsoDateTime),
      lastReport: Nullable(SyncReport),
      lastFailure: Nullable(t.type({ code: t.string, message: t.string, at: IsoDateTime })),
    }),
    users: t.array(t.tuple([Identifier, t.keyof({ invited: null, accepted: null, retired: null })])),
  }),
  // Absent in snapshots taken before token health was recorded: those accounts had recorded none ("ok").
  t.partial({
    tokenHealth: TokenHealth,
    devices: t.array(t.tuple([SerialNumber, t.keyof({ registered: null, retired: null })])),
  }),
]);

const decodeStored = decodeWith(Stored, "VppAccount snapshot");

/** Snapshot shape of the account: JSON with the users map as an array of pairs. */
export const vppAccountSnapshot: SnapshotCodec<VppAccountState> = {
  schemaVersion: 1,
  encode: (state) => ({ ...state, users: [...state.users], devices: [...state.devices] }),
  decode: (stored) =>
    E.map(
      (s: t.TypeOf<typeof Stored>): VppAccountState => ({
        ...s,
        sync: s.sync as VppAccountState["sync"],
        users: Holders.from(s.users),
        tokenHealth: s.tokenHealth ?? "ok",
        devices: Holders.from(s.devices ?? []),
      }),
    )(decodeStored(stored)),
};
