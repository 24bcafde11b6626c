import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  vppAccountCommandsArb,
  vppAccountEventArb,
  vppAccountHistoryArb,
} from "../testing/arbitraries/index.js";
import type { VppAccountEvent } from "./events.js";
import { VppAccount, vppAccountEvents, vppAccountSnapshot } from "./index.js";
import type { VppAccountState } from "./state.js";

/**
 * What a state holds, for comparing states: users and devices as Maps, which compare regardless of order. The
 * state keeps them in `Holders`, whose iteration order depends on how the events were batched.
 */
const content = (state: VppAccountState) => ({
  ...state,
  users: new Map(state.users),
  devices: new Map(state.devices),
});

const evolveOneByOne = (
  events: ReadonlyArray<VppAccountEvent>,
  from: VppAccountState = VppAccount.initialState,
) => events.reduce(VppAccount.evolve, from);

describe("VppAccount: evolve and fold", () => {
  it("R18: evolve accepts every event decide emits, and the state reflects it", () => {
    fc.assert(
      fc.property(vppAccountCommandsArb(), (commands) => {
        let state = VppAccount.initialState;
        for (const command of commands) {
          const decision = VppAccount.decide(command, state);
          if (E.isLeft(decision)) continue;
          for (const event of decision.right) {
            state = VppAccount.evolve(state, event);
            if (event.type === "TokenUploaded") expect(state.link?.fingerprint).toBe(event.data.fingerprint);
            if (event.type === "TokenRenewed") expect(state.link?.expiresAt).toBe(event.data.expiresAt);
            if (event.type === "TokenRevoked") expect(state.link?.revokedAt).toBe(event.data.at);
            if (event.type === "SyncStarted") expect(state.sync.running?.syncId).toBe(event.data.syncId);
            if (event.type === "SyncSucceeded") expect(state.sync.lastSucceededAt).toBe(event.data.at);
            if (event.type === "SyncFailed") expect(state.sync.running).toBeNull();
            if (event.type === "LocationClaimedByOtherMdm")
              expect(state.claimedBy?.mdmId).toBe(event.data.mdmId);
            if (event.type === "OwnershipRestored") expect(state.claimedBy).toBeNull();
            if (event.type === "TermsAccepted") expect(state.users.get(event.data.userId)).toBe("accepted");
          }
        }
      }),
    );
  });

  it("R18: folding a reachable history at once equals evolving it one event at a time", () => {
    fc.assert(
      fc.property(vppAccountHistoryArb(), (events) => {
        expect(content(VppAccount.fold(VppAccount.initialState, events))).toEqual(
          content(evolveOneByOne(events)),
        );
      }),
    );
  });

  it("R18: fold equals the left fold of evolve for any events, reachable or not", () => {
    fc.assert(
      fc.property(fc.array(vppAccountEventArb, { maxLength: 40 }), (events) => {
        expect(content(VppAccount.fold(VppAccount.initialState, events))).toEqual(
          content(evolveOneByOne(events)),
        );
      }),
    );
  });

  it("R18: folding in batches (snapshot, then the rest) equals folding everything at once", () => {
    fc.assert(
      fc.property(vppAccountHistoryArb(), fc.nat(), (events, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const snapshot = VppAccount.fold(VppAccount.initialState, events.slice(0, at));
        const restored = E.getOrElseW(() => expect.unreachable("snapshot must decode"))(
          vppAccountSnapshot.decode(JSON.parse(JSON.stringify(vppAccountSnapshot.encode(snapshot)))),
        );
        expect(content(VppAccount.fold(restored, events.slice(at)))).toEqual(
          content(VppAccount.fold(VppAccount.initialState, events)),
        );
      }),
    );
  });

  it("R18: replaying the stored (encoded, JSON, decoded) events rebuilds the same state", () => {
    fc.assert(
      fc.property(vppAccountHistoryArb(), (events) => {
        const stored = events.map((event, index) => ({
          streamId: "vpp-account:tenant",
          streamVersion: BigInt(index + 1),
          ...JSON.parse(JSON.stringify(vppAccountEvents.encode(event))),
        }));
        const replayed = stored.map((row) => vppAccountEvents.decode(row));
        expect(replayed).toEqual(events);
        expect(VppAccount.fold(VppAccount.initialState, replayed)).toEqual(
          VppAccount.fold(VppAccount.initialState, events),
        );
      }),
    );
  });

  it("evolve and fold never change the state they are given (old states and snapshots stay valid)", () => {
    fc.assert(
      fc.property(vppAccountHistoryArb(), vppAccountHistoryArb(), (first, second) => {
        const before = VppAccount.fold(VppAccount.initialState, first);
        const copy = vppAccountSnapshot.encode(before);
        VppAccount.fold(before, second);
        second.reduce(VppAccount.evolve, before);
        expect(vppAccountSnapshot.encode(before)).toEqual(copy);
      }),
    );
  });
});
