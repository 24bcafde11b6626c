import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DecidedStep,
  decideSteps,
  emittedBy,
  licenseCommandsArb,
} from "../testing/arbitraries/index.js";
import type { LicenseCommand } from "./commands.js";
import type { LicenseEvent } from "./events.js";
import { License } from "./index.js";
import { PoolModel } from "./model.test-support.js";
import type { LicenseState } from "./state.js";

type Step = DecidedStep<LicenseCommand, LicenseEvent, LicenseState>;
const run = (commands: ReadonlyArray<LicenseCommand>): Step[] => decideSteps(License, commands);

const START = "2026-01-01T00:00:00.000Z";
/**
 * Pools that licensed users and then switched to devices (Intune's migration of required apps), followed by
 * random commands: most moves and device retirements happen here, where users hold licenses to move.
 */
const migrations: fc.Arbitrary<LicenseCommand[]> = fc
  .tuple(
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 0, max: 5 }),
    licenseCommandsArb({ start: "2026-02-01T00:00:00.000Z" }),
  )
  .map(([purchased, users, rest]) => [
    {
      type: "SyncPurchasedCount",
      data: { purchased, supportedPlatforms: ["iOS", "macOS"], deviceAssignable: true, at: START },
    },
    { type: "DeployApp", data: { action: "required", licensing: "user", at: START } },
    ...Array.from(
      { length: users },
      (_, i): LicenseCommand => ({
        type: "AssignLicense",
        data: { userId: `user-${i + 1}`, termsAccepted: true, at: START },
      }),
    ),
    { type: "DeployApp", data: { action: "required", licensing: "device", at: START } },
    ...rest,
  ]);
const scenarios = fc.oneof(licenseCommandsArb(), migrations);
const property = (check: (steps: Step[]) => void) =>
  fc.assert(
    fc.property(scenarios, (commands) => check(run(commands))),
    { numRuns: 300 },
  );

describe("License: model-based properties over random command sequences", () => {
  it("R12–R16: every command succeeds with exactly the events the rules model predicts, or fails with its code", () => {
    property((steps) => {
      const model = new PoolModel();
      for (const { command, emitted, rejection } of steps) {
        const expected = model.expect(command);
        if ("error" in expected) {
          expect(rejection?.code, `${command.type} must be refused`).toBe(expected.error);
        } else {
          expect(rejection, `${command.type} must be accepted`).toBeNull();
          expect(emitted).toEqual(expected.events);
          for (const event of emitted) model.apply(event);
        }
      }
    });
  });

  it("R13: a user or a device never holds two licenses: no grant to a holder, no reclaim from a non-holder", () => {
    property((steps) => {
      const users = new Set<string>();
      const devices = new Set<string>();
      const grant = (set: Set<string>, id: string) => {
        expect(set.has(id), `${id} assigned twice`).toBe(false);
        set.add(id);
      };
      const free = (set: Set<string>, id: string) =>
        expect(set.delete(id), `${id} reclaimed without a license`).toBe(true);
      for (const event of emittedBy(steps)) {
        if (event.type === "LicenseAssigned") grant(users, event.data.userId);
        if (event.type === "LicenseReclaimed") free(users, event.data.userId);
        if (event.type === "DeviceLicenseAssigned" || event.type === "DeviceLicenseImported")
          grant(devices, event.data.serialNumber);
        if (event.type === "DeviceLicenseReclaimed") free(devices, event.data.serialNumber);
        if (event.type === "LicenseMovedToDevice") {
          free(users, event.data.userId);
          grant(devices, event.data.serialNumber);
        }
        if (event.type === "LicensesRevoked") {
          for (const id of event.data.userIds) free(users, id);
          for (const id of event.data.serialNumbers) free(devices, id);
          expect(users.size + devices.size, "a revocation leaves no holder").toBe(0);
        }
      }
      const last = steps.at(-1)?.after;
      expect(new Set(last?.holders.keys() ?? [])).toEqual(users);
      expect(new Set(last?.devices.keys() ?? [])).toEqual(devices);
    });
  });

  it("R16, R21: users and devices together never exceed purchased, not even in the middle of a move or an import", () => {
    // Replays the events one by one, counting holders from the events alone: a move must hold the count
    // (the user's license and the device's are never both counted) and a grant must stay within purchased.
    const heldAfterEachMove = (steps: Step[]) => {
      let purchased = 0;
      const users = new Set<string>();
      const devices = new Set<string>();
      for (const event of emittedBy(steps)) {
        const before = users.size + devices.size;
        if (event.type === "PurchasedCountSynced") purchased = event.data.purchased;
        if (event.type === "LicenseReclaimed") users.delete(event.data.userId);
        if (event.type === "DeviceLicenseReclaimed") devices.delete(event.data.serialNumber);
        if (event.type === "LicensesRevoked") {
          users.clear();
          devices.clear();
        }
        if (event.type === "LicenseAssigned") users.add(event.data.userId);
        if (event.type === "DeviceLicenseAssigned" || event.type === "DeviceLicenseImported")
          devices.add(event.data.serialNumber);
        const grants = ["LicenseAssigned", "DeviceLicenseAssigned", "DeviceLicenseImported"];
        if (grants.includes(event.type)) {
          expect(users.size + devices.size, `assigning with ${purchased} purchased`).toBeLessThanOrEqual(
            purchased,
          );
        }
        if (event.type === "LicenseMovedToDevice") {
          expect(users.delete(event.data.userId), `${event.data.userId} moves a license it holds`).toBe(true);
          devices.add(event.data.serialNumber);
          expect(users.size + devices.size, `moving ${event.data.userId}`).toBe(before);
        }
      }
    };
    property(heldAfterEachMove);
  });

  it("R21: a move changes no count: the state after it holds exactly as many licenses as before", () => {
    property((steps) => {
      for (const { command, before, after, emitted } of steps) {
        if (command.type !== "MoveLicenseToDevice") continue;
        const moved = emitted.some((event) => event.type === "LicenseMovedToDevice");
        const count = (state: LicenseState) => state.holders.size + state.devices.size;
        if (moved) {
          expect(count(after)).toBe(count(before));
          expect(after.holders.has(command.data.userId)).toBe(false);
          expect(after.devices.has(command.data.serialNumber)).toBe(true);
        }
      }
    });
  });

  it("R16: once Apple lowers purchased below assigned, it is reported and nothing is assigned until back under", () => {
    property((steps) => {
      const held = (state: LicenseState) => state.holders.size + state.devices.size;
      for (const { before, emitted, after } of steps) {
        const overBefore = held(before) > before.purchased;
        if (overBefore) {
          const types = emitted.map((event) => event.type);
          expect(types).not.toContain("LicenseAssigned");
          expect(types).not.toContain("DeviceLicenseAssigned");
          expect(types).not.toContain("DeviceLicenseImported");
        }
        const overAfter = held(after) > after.purchased;
        const synced = emitted.find((event) => event.type === "PurchasedCountSynced");
        // A sync that only changed the asset's metadata leaves the count, and its report, as they were.
        if (overAfter && synced && synced.data.purchased !== synced.data.previous) {
          expect(emitted).toContainEqual({
            type: "OverAllocationDetected",
            data: { purchased: after.purchased, assigned: held(after), at: synced.data.at },
          });
        }
      }
    });
  });

  it("R9, R20, R21: scenarios reach device licenses, imports, moves and revocations (the generator exercises them)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarios, (commands) => {
        for (const event of emittedBy(run(commands))) seen.add(event.type);
      }),
      { numRuns: 300 },
    );
    for (const type of [
      "DeviceLicenseAssigned",
      "DeviceLicenseImported",
      "LicenseMovedToDevice",
      "LicensesRevoked",
      "DeviceLicenseReclaimed",
    ])
      expect(seen, type).toContain(type);
  });
});
