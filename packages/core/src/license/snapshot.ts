import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { SnapshotCodec } from "../app/aggregate.js";
import { decodeWith, Identifier, NonNegativeInt } from "../shared/codec.js";
import { IsoDateTime } from "../shared/time.js";
import { DeploymentAction } from "./events.js";
import { Holders } from "./holders.js";
import type { LicenseState } from "./state.js";

const Stored = t.type({
  purchased: NonNegativeInt,
  deployment: t.union([DeploymentAction, t.null]),
  // As strict as the events: a corrupt snapshot must be refused (and rebuilt from events), never trusted.
  holders: t.array(t.tuple([Identifier, IsoDateTime])),
});

const decodeStored = decodeWith(Stored, "License snapshot");

/** Snapshot shape of a pool: JSON with holders as an array of `[userId, assignedAt]` pairs. */
export const licenseSnapshot: SnapshotCodec<LicenseState> = {
  schemaVersion: 1,
  encode: (state) => ({
    purchased: state.purchased,
    deployment: state.deployment,
    holders: [...state.holders],
  }),
  decode: (stored) =>
    E.map((s: t.TypeOf<typeof Stored>): LicenseState => ({ ...s, holders: Holders.from(s.holders) }))(
      decodeStored(stored),
    ),
};
