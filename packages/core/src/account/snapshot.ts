import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { SnapshotCodec } from "../app/aggregate.js";
import { decodeWith } from "../shared/codec.js";
import type { VppAccountState } from "./state.js";

const Nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

const Stored = t.type({
  link: Nullable(
    t.type({
      orgName: t.string,
      tokenName: t.string,
      appleId: t.string,
      fingerprint: t.string,
      expiresAt: t.string,
      linkedAt: t.string,
      updatedAt: t.string,
      revokedAt: Nullable(t.string),
    }),
  ),
  claimedBy: Nullable(t.type({ mdmId: t.string, mdmName: t.string, at: t.string })),
  sync: t.type({
    running: Nullable(
      t.type({ syncId: t.string, trigger: t.keyof({ manual: null, schedule: null }), startedAt: t.string }),
    ),
    lastStartedAt: Nullable(t.string),
    lastSucceededAt: Nullable(t.string),
    lastReport: Nullable(t.record(t.string, t.number)),
    lastFailure: Nullable(t.type({ code: t.string, message: t.string, at: t.string })),
  }),
  users: t.array(t.tuple([t.string, t.keyof({ invited: null, accepted: null, retired: null })])),
});

const decodeStored = decodeWith(Stored, "VppAccount snapshot");

/** Snapshot shape of the account: JSON with the users map as an array of pairs. */
export const vppAccountSnapshot: SnapshotCodec<VppAccountState> = {
  schemaVersion: 1,
  encode: (state) => ({ ...state, users: [...state.users] }),
  decode: (stored) =>
    E.map(
      (s: t.TypeOf<typeof Stored>): VppAccountState => ({
        ...s,
        sync: s.sync as VppAccountState["sync"],
        users: new Map(s.users),
      }),
    )(decodeStored(stored)),
};
