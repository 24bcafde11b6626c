import { addMinutes } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toMillis } from "../shared/time.js";
import {
  type DecidedStep,
  decideSteps,
  emittedBy,
  MALFORMED_TOKEN,
  vppAccountCommandsArb,
} from "../testing/arbitraries/index.js";
import type { VppAccountCommand } from "./commands.js";
import type { VppAccountEvent } from "./events.js";
import {
  createVppAccount,
  defaultVppAccountPolicy,
  type VppAccountPolicy,
  vppAccountSnapshot,
} from "./index.js";
import type { VppAccountState } from "./state.js";

type Step = DecidedStep<VppAccountCommand, VppAccountEvent, VppAccountState>;

/** Runs random scenarios under a random sync lease, checking `check` on the decided steps. */
const property = (check: (steps: Step[], policy: VppAccountPolicy) => void) =>
  fc.assert(
    fc.property(vppAccountCommandsArb(), fc.integer({ min: 5, max: 180 }), (commands, syncLeaseMinutes) => {
      const policy = { ...defaultVppAccountPolicy, syncLeaseMinutes };
      check(decideSteps(createVppAccount(policy), commands), policy);
    }),
    { numRuns: 200 },
  );

const secretOf = (content: string): string | null => {
  if (content === MALFORMED_TOKEN) return null;
  const { token } = JSON.parse(Buffer.from(content, "base64").toString("utf8")) as { token: string };
  return token;
};

describe("VppAccount: rule properties over random command sequences", () => {
  it("R7: two syncs of one account never run at once", () => {
    property((steps) => {
      let running: string | null = null;
      for (const event of emittedBy(steps)) {
        if (event.type === "SyncStarted") {
          expect(running, `${event.data.syncId} started while ${running} runs`).toBeNull();
          running = event.data.syncId;
        }
        if (event.type === "SyncSucceeded" || event.type === "SyncFailed") {
          expect(event.data.syncId, "only the running sync can end").toBe(running);
          running = null;
        }
      }
    });
  });

  it("R7: a running sync is replaced only once its lease ran out, and is then recorded as abandoned", () => {
    property((steps, policy) => {
      for (const { before, emitted } of steps) {
        const running = before.sync.running;
        const started = emitted.find((event) => event.type === "SyncStarted");
        if (!running || !started || running.syncId === started.data.syncId) continue;
        const leaseEnd = addMinutes(toMillis(running.startedAt), policy.syncLeaseMinutes).getTime();
        expect(toMillis(started.data.at)).toBeGreaterThanOrEqual(leaseEnd);
        expect(emitted[0]).toMatchObject({
          type: "SyncFailed",
          data: { syncId: running.syncId, error: { code: "sync-abandoned" } },
        });
      }
    });
  });

  it("R5 R6: no SyncStarted at or after the token's expiry, with a revoked token, or while another MDM holds the location", () => {
    property((steps) => {
      for (const { before, emitted } of steps) {
        for (const event of emitted.filter((e) => e.type === "SyncStarted")) {
          expect(before.link, "a sync needs a linked account").not.toBeNull();
          expect(toMillis(event.data.at)).toBeLessThan(toMillis(before.link?.expiresAt ?? ""));
          expect(before.link?.revokedAt).toBeNull();
          expect(before.claimedBy).toBeNull();
        }
      }
    });
  });

  it("R2: once linked, the Apple location never changes", () => {
    property((steps) => {
      const linked = steps.find((step) => step.after.link)?.after.link?.orgName;
      for (const { after } of steps) if (after.link) expect(after.link.orgName).toBe(linked);
      for (const event of emittedBy(steps)) {
        if (event.type === "TokenRenewed") expect(event.data.orgName).toBe(linked);
      }
      expect(emittedBy(steps).filter((event) => event.type === "TokenUploaded").length).toBeLessThanOrEqual(
        1,
      );
    });
  });

  it("R3 R5: a token is linked only with the admin's acknowledgement and only before it expires", () => {
    property((steps) => {
      for (const { command, emitted } of steps) {
        for (const event of emitted) {
          if (event.type !== "TokenUploaded" && event.type !== "TokenRenewed") continue;
          expect(toMillis(event.data.at)).toBeLessThan(toMillis(event.data.expiresAt));
          if (event.type === "TokenUploaded" && command.type === "UploadToken") {
            expect(command.data.acknowledgedSingleAccount).toBe(true);
          }
        }
      }
    });
  });

  it("the token secret never appears in any emitted event or in the state", () => {
    property((steps) => {
      const uploads = steps.flatMap(({ command }) =>
        command.type === "UploadToken" ? [command.data.token] : [],
      );
      const secrets = uploads.map(secretOf).filter((secret): secret is string => secret !== null);
      const stored = JSON.stringify(emittedBy(steps));
      const last = steps.at(-1);
      const state = last ? JSON.stringify(vppAccountSnapshot.encode(last.after)) : "";
      for (const secret of [...secrets, ...uploads]) {
        expect(stored).not.toContain(secret);
        expect(state).not.toContain(secret);
      }
    });
  });
});
