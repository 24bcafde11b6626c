import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { licenseCommandsArb, licenseEventArb, licenseHistoryArb } from "../testing/arbitraries/index.js";
import type { LicenseEvent } from "./events.js";
import { License, licenseEvents, licenseSnapshot } from "./index.js";
import type { LicenseState } from "./state.js";

const evolveOneByOne = (events: ReadonlyArray<LicenseEvent>, from: LicenseState = License.initialState) =>
  events.reduce(License.evolve, from);

describe("License: evolve and fold", () => {
  it("R18: evolve accepts every event decide emits, and the state reflects it", () => {
    fc.assert(
      fc.property(licenseCommandsArb(), (commands) => {
        let state = License.initialState;
        for (const command of commands) {
          const decision = License.decide(command, state);
          if (E.isLeft(decision)) continue;
          for (const event of decision.right) {
            state = License.evolve(state, event);
            if (event.type === "LicenseAssigned")
              expect(state.holders.get(event.data.userId)).toBe(event.data.at);
            if (event.type === "LicenseReclaimed") expect(state.holders.has(event.data.userId)).toBe(false);
            if (event.type === "PurchasedCountSynced") expect(state.purchased).toBe(event.data.purchased);
            if (event.type === "AppDeployed") expect(state.deployment).toBe(event.data.action);
          }
        }
      }),
    );
  });

  it("R18: fold agrees with a plain mutable replay: same count, deployment, licensing, holders and devices in order", () => {
    fc.assert(
      fc.property(fc.oneof(licenseHistoryArb(), fc.array(licenseEventArb, { maxLength: 40 })), (events) => {
        const holders = new Map<string, string>();
        const devices = new Map<string, string>();
        let purchased = 0;
        let deployment: string | null = null;
        let licensing = "user";
        for (const event of events) {
          if (event.type === "PurchasedCountSynced") purchased = event.data.purchased;
          if (event.type === "AppDeployed") deployment = event.data.action;
          if (event.type === "AppDeployed") licensing = event.data.licensing ?? licensing;
          if (event.type === "LicenseAssigned") holders.set(event.data.userId, event.data.at);
          if (event.type === "LicenseReclaimed") holders.delete(event.data.userId);
          if (event.type === "DeviceLicenseAssigned" || event.type === "DeviceLicenseImported")
            devices.set(event.data.serialNumber, event.data.at);
          if (event.type === "DeviceLicenseReclaimed") devices.delete(event.data.serialNumber);
          if (event.type === "LicenseMovedToDevice") {
            holders.delete(event.data.userId);
            devices.set(event.data.serialNumber, event.data.at);
          }
          if (event.type === "LicensesRevoked") {
            for (const userId of event.data.userIds) holders.delete(userId);
            for (const serialNumber of event.data.serialNumbers) devices.delete(serialNumber);
          }
        }
        const state = License.fold(License.initialState, events);
        expect({
          purchased: state.purchased,
          deployment: state.deployment,
          licensing: state.licensing,
        }).toEqual({
          purchased,
          deployment,
          licensing,
        });
        expect([...state.holders]).toEqual([...holders]);
        expect([...state.devices]).toEqual([...devices]);
      }),
    );
  });

  it("R18: folding a reachable history at once equals evolving it one event at a time", () => {
    fc.assert(
      fc.property(licenseHistoryArb(), (events) => {
        expect(License.fold(License.initialState, events)).toEqual(evolveOneByOne(events));
      }),
    );
  });

  it("R18: fold equals the left fold of evolve for any events, reachable or not", () => {
    fc.assert(
      fc.property(fc.array(licenseEventArb, { maxLength: 40 }), (events) => {
        expect(License.fold(License.initialState, events)).toEqual(evolveOneByOne(events));
      }),
    );
  });

  it("R18: folding in batches (snapshot, then the rest) equals folding everything at once", () => {
    fc.assert(
      fc.property(licenseHistoryArb(), fc.nat(), (events, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const snapshot = License.fold(License.initialState, events.slice(0, at));
        const restored = E.getOrElseW(() => expect.unreachable("snapshot must decode"))(
          licenseSnapshot.decode(JSON.parse(JSON.stringify(licenseSnapshot.encode(snapshot)))),
        );
        expect(License.fold(restored, events.slice(at))).toEqual(License.fold(License.initialState, events));
      }),
    );
  });

  it("R18: replaying the stored (encoded, JSON, decoded) events rebuilds the same state", () => {
    fc.assert(
      fc.property(licenseHistoryArb(), (events) => {
        const stored = events.map((event, index) => ({
          streamId: "vpp-license:tenant:app",
          streamVersion: BigInt(index + 1),
          ...JSON.parse(JSON.stringify(licenseEvents.encode(event))),
        }));
        const replayed = stored.map((row) => licenseEvents.decode(row));
        expect(replayed).toEqual(events);
        expect(License.fold(License.initialState, replayed)).toEqual(
          License.fold(License.initialState, events),
        );
      }),
    );
  });

  it("evolve and fold never change the state they are given (old states and snapshots stay valid)", () => {
    fc.assert(
      fc.property(licenseHistoryArb(), licenseHistoryArb(), (first, second) => {
        const before = License.fold(License.initialState, first);
        const copy = licenseSnapshot.encode(before);
        License.fold(before, second);
        second.reduce(License.evolve, before);
        expect(licenseSnapshot.encode(before)).toEqual(copy);
      }),
    );
  });

  it("folded states are frozen: neither the pool nor its holders map can be written to", () => {
    fc.assert(
      fc.property(licenseHistoryArb(), (events) => {
        const state = License.fold(License.initialState, events);
        const holders = state.holders as Map<string, string>;
        expect(Object.isFrozen(state)).toBe(true);
        expect(() => holders.set("intruder", "2026-01-01T00:00:00Z")).toThrow();
        expect(() => holders.delete("user-1")).toThrow();
        expect(() => holders.clear()).toThrow();
      }),
    );
  });

  it("a batch that changes nothing returns the very same state", () => {
    fc.assert(
      fc.property(licenseHistoryArb(), (events) => {
        const state = License.fold(License.initialState, events);
        expect(License.fold(state, [])).toBe(state);
        const noOp = {
          type: "InstallFailed",
          data: { userId: "u1", reason: { code: "x", message: "y" }, at: "2026-01-01T00:00:00Z" },
        } as const;
        expect(License.evolve(state, noOp)).toBe(state);
      }),
    );
  });
});
