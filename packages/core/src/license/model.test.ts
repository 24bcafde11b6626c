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
import type { LicenseState } from "./state.js";

const PLATFORMS = ["iOS", "macOS", "tvOS", "watchOS", "visionOS"];

/**
 * A deliberately plain model of one pool, written from the rules (R12–R16) rather than from decide.ts: what each
 * command must produce, or the code it must be refused with.
 */
class PoolModel {
  purchased = 0;
  deployment: string | null = null;
  readonly holders = new Set<string>();
  readonly metadata: Record<string, unknown> = {};

  expect(command: LicenseCommand): { events: LicenseEvent[] } | { error: string } {
    const ok = (...events: LicenseEvent[]) => ({ events });
    switch (command.type) {
      case "SyncPurchasedCount": {
        const { purchased, at, ...given } = command.data;
        // A field Apple sent that differs from what the pool knows; platforms compared as sets.
        const changed = Object.fromEntries(
          Object.entries(given)
            .map(([key, value]) =>
              key === "supportedPlatforms"
                ? [key, PLATFORMS.filter((p) => (value as string[]).includes(p))]
                : [key, value],
            )
            .filter(([key, value]) => JSON.stringify(this.metadata[key as string]) !== JSON.stringify(value)),
        );
        if (purchased === this.purchased && Object.keys(changed).length === 0) return ok();
        const synced = {
          type: "PurchasedCountSynced",
          data: { purchased, previous: this.purchased, at, ...changed },
        } as LicenseEvent;
        if (purchased === this.purchased) return ok(synced);
        const assigned = this.holders.size;
        return purchased < assigned
          ? ok(synced, { type: "OverAllocationDetected", data: { purchased, assigned, at } })
          : ok(synced);
      }
      case "DeployApp":
        return command.data.action === this.deployment
          ? ok()
          : ok({ type: "AppDeployed", data: command.data });
      case "RequestInstall":
        return this.holders.has(command.data.userId)
          ? ok()
          : ok({ type: "InstallRequested", data: command.data });
      case "AssignLicense": {
        const { userId, termsAccepted, at } = command.data;
        if (this.holders.has(userId)) return ok(); // R13
        if (this.deployment !== "required" && this.deployment !== "available")
          return { error: "app-not-deployed" };
        if (!termsAccepted) return { error: "terms-not-accepted" }; // R15
        if (this.holders.size >= this.purchased) return { error: "no-license-available" }; // R16
        return ok({ type: "LicenseAssigned", data: { userId, at } });
      }
      case "ReclaimLicense":
        return this.holders.has(command.data.userId)
          ? ok({ type: "LicenseReclaimed", data: command.data })
          : ok();
      case "RecordAppInstalled":
        return this.holders.has(command.data.userId)
          ? ok({ type: "AppInstalled", data: command.data })
          : { error: "license-not-held" };
      case "RecordInstallFailure":
        return ok({ type: "InstallFailed", data: command.data });
    }
  }

  apply(event: LicenseEvent): void {
    if (event.type === "PurchasedCountSynced") {
      const { purchased, previous: _previous, at: _at, ...metadata } = event.data;
      this.purchased = purchased;
      Object.assign(this.metadata, metadata);
    }
    if (event.type === "AppDeployed") this.deployment = event.data.action;
    if (event.type === "LicenseAssigned") this.holders.add(event.data.userId);
    if (event.type === "LicenseReclaimed") this.holders.delete(event.data.userId);
  }
}

type Step = DecidedStep<LicenseCommand, LicenseEvent, LicenseState>;
const run = (commands: ReadonlyArray<LicenseCommand>): Step[] => decideSteps(License, commands);

const scenarios = licenseCommandsArb();
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

  it("R13: a user never holds two licenses: no LicenseAssigned to a holder, no reclaim from a non-holder", () => {
    property((steps) => {
      const holders = new Set<string>();
      for (const event of emittedBy(steps)) {
        if (event.type === "LicenseAssigned") {
          expect(holders.has(event.data.userId), `${event.data.userId} assigned twice`).toBe(false);
          holders.add(event.data.userId);
        }
        if (event.type === "LicenseReclaimed") {
          expect(holders.delete(event.data.userId), `${event.data.userId} reclaimed without a license`).toBe(
            true,
          );
        }
      }
      expect(new Set(steps.at(-1)?.after.holders.keys() ?? [])).toEqual(holders);
    });
  });

  it("R16: no LicenseAssigned ever makes assigned exceed purchased", () => {
    property((steps) => {
      let purchased = 0;
      let assigned = 0;
      for (const event of emittedBy(steps)) {
        if (event.type === "PurchasedCountSynced") purchased = event.data.purchased;
        if (event.type === "LicenseReclaimed") assigned -= 1;
        if (event.type === "LicenseAssigned") {
          assigned += 1;
          expect(assigned, `assigning ${event.data.userId}`).toBeLessThanOrEqual(purchased);
        }
      }
    });
  });

  it("R16: once Apple lowers purchased below assigned, it is reported and nothing is assigned until back under", () => {
    property((steps) => {
      for (const { before, emitted, after } of steps) {
        const overBefore = before.holders.size > before.purchased;
        if (overBefore) expect(emitted.map((event) => event.type)).not.toContain("LicenseAssigned");
        const overAfter = after.holders.size > after.purchased;
        const synced = emitted.find((event) => event.type === "PurchasedCountSynced");
        // A sync that only changed the asset's metadata leaves the count, and its report, as they were.
        if (overAfter && synced && synced.data.purchased !== synced.data.previous) {
          expect(emitted).toContainEqual({
            type: "OverAllocationDetected",
            data: { purchased: after.purchased, assigned: after.holders.size, at: synced.data.at },
          });
        }
      }
    });
  });
});
