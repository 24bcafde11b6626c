import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toIso, toMillis } from "../shared/time.js";
import { decideSteps, vppAccountCommandsArb } from "../testing/arbitraries/index.js";
import type { VppAccountCommand } from "./commands.js";
import type { VppAccountEvent } from "./events.js";
import { createVppAccount, defaultVppAccountPolicy } from "./index.js";
import { vppTokenFingerprint } from "./token.js";

type Expected = { events: VppAccountEvent[] } | { error: string };
const ok = (...events: VppAccountEvent[]): Expected => ({ events });
const refused = (error: string): Expected => ({ error });

/** Reads a test token the simple way (the real parser has its own tests). */
const readToken = (content: string) => {
  try {
    const json = JSON.parse(Buffer.from(content, "base64").toString("utf8")) as Record<string, string>;
    if (typeof json.orgName !== "string" || typeof json.expDate !== "string") return null;
    return { orgName: json.orgName, expiresAt: toIso(toMillis(json.expDate)) };
  } catch {
    return null;
  }
};

/**
 * A plain model of one account written from the rules (R1–R3, R5–R7, R15), not from decide.ts: what each
 * command must produce, or the code it must be refused with.
 */
class AccountModel {
  link: {
    orgName: string;
    fingerprint: string;
    tokenName: string;
    appleId: string;
    expiresAt: string;
  } | null = null;
  revoked = false;
  health = "ok";
  claimedBy: string | null = null;
  running: { syncId: string; startedAt: number } | null = null;
  readonly users = new Map<string, string>();
  readonly devices = new Map<string, string>();

  constructor(private readonly leaseMinutes: number) {}

  private gate(at: string): string | null {
    if (!this.link) return "account-not-linked";
    if (this.claimedBy) return "location-claimed";
    if (this.revoked) return "token-revoked";
    return toMillis(at) >= toMillis(this.link.expiresAt) ? "token-expired" : null;
  }

  expect(command: VppAccountCommand): Expected {
    switch (command.type) {
      case "UploadToken": {
        const { token, tokenName, appleId, acknowledgedSingleAccount, at } = command.data;
        const parsed = readToken(token);
        if (!parsed) return refused("token-malformed");
        if (toMillis(at) >= toMillis(parsed.expiresAt)) return refused("token-expired"); // R5
        const facts = { ...parsed, tokenName, appleId, fingerprint: vppTokenFingerprint(token), at };
        if (!this.link) {
          return acknowledgedSingleAccount
            ? ok({ type: "TokenUploaded", data: facts })
            : refused("acknowledgement-required"); // R3
        }
        if (this.link.orgName !== parsed.orgName) return refused("account-already-linked"); // R2
        const same =
          this.link.fingerprint === facts.fingerprint &&
          this.link.tokenName === tokenName &&
          this.link.appleId === appleId;
        return same ? ok() : ok({ type: "TokenRenewed", data: facts });
      }
      case "RequestSync": {
        const { syncId, at } = command.data;
        const blocked = this.gate(at);
        if (blocked) return refused(blocked);
        if (this.running?.syncId === syncId) return ok();
        const started: VppAccountEvent = { type: "SyncStarted", data: command.data };
        if (!this.running) return ok(started);
        if (toMillis(at) < this.running.startedAt + this.leaseMinutes * 60_000)
          return refused("sync-in-progress"); // R7
        const abandoned = { code: "sync-abandoned", message: expect.any(String) as unknown as string };
        return ok(
          { type: "SyncFailed", data: { syncId: this.running.syncId, error: abandoned, at } },
          started,
        );
      }
      case "CompleteSync":
        return this.running?.syncId === command.data.syncId
          ? ok({ type: "SyncSucceeded", data: command.data })
          : refused("sync-not-running");
      case "FailSync":
        return this.running?.syncId === command.data.syncId
          ? ok({ type: "SyncFailed", data: command.data })
          : refused("sync-not-running");
      case "RecordTokenRevoked":
        if (!this.link) return refused("account-not-linked");
        return this.revoked
          ? ok()
          : ok({ type: "TokenRevoked", data: { fingerprint: this.link.fingerprint, at: command.data.at } });
      case "RecordLocationClaimed":
        if (!this.link) return refused("account-not-linked");
        return this.claimedBy === command.data.mdmId
          ? ok()
          : ok({ type: "LocationClaimedByOtherMdm", data: command.data });
      case "RestoreOwnership":
        return this.claimedBy ? ok({ type: "OwnershipRestored", data: command.data }) : ok();
      case "InviteUser": {
        if (!this.link) return refused("account-not-linked");
        const status = this.users.get(command.data.userId);
        return status === "invited" || status === "accepted"
          ? ok()
          : ok({ type: "UserInvited", data: command.data });
      }
      case "AcceptTerms": {
        const status = this.users.get(command.data.userId);
        if (status === "accepted") return ok();
        return status === "invited"
          ? ok({ type: "TermsAccepted", data: command.data })
          : refused("user-not-invited");
      }
      case "RetireUser": {
        const status = this.users.get(command.data.userId);
        return status === "invited" || status === "accepted"
          ? ok({ type: "UserRetired", data: command.data })
          : ok();
      }
      case "EraseAppleId":
        if (!this.link) return refused("account-not-linked");
        return this.link.appleId === "[erased]" ? ok() : ok({ type: "AppleIdErased", data: command.data });
      case "RegisterDevice":
        if (!this.link) return refused("account-not-linked");
        return this.devices.get(command.data.serialNumber) === "registered"
          ? ok()
          : ok({ type: "DeviceRegistered", data: command.data });
      case "RetireDevice":
        return this.link ? ok({ type: "DeviceRetired", data: command.data }) : refused("account-not-linked");
      case "RevokeLocationLicenses":
        return this.link
          ? ok({ type: "LocationLicensesRevoked", data: command.data })
          : refused("account-not-linked");
      case "CheckTokenHealth": {
        if (!this.link) return ok();
        const left = toMillis(this.link.expiresAt) - toMillis(command.data.at);
        const day = 24 * 3600 * 1000;
        const health = this.revoked
          ? "revoked"
          : left <= 0
            ? "expired"
            : left <= 15 * day
              ? "expiring-15d"
              : left <= 30 * day
                ? "expiring-30d"
                : "ok";
        if (health === this.health) return ok();
        return ok({
          type: "TokenHealthChanged",
          data: { health, previous: this.health, expiresAt: this.link.expiresAt, at: command.data.at },
        } as VppAccountEvent);
      }
    }
  }

  apply(event: VppAccountEvent): void {
    switch (event.type) {
      case "TokenUploaded":
      case "TokenRenewed": {
        const { fingerprint, tokenName, appleId, expiresAt } = event.data;
        this.link = {
          orgName: this.link?.orgName ?? event.data.orgName,
          fingerprint,
          tokenName,
          appleId,
          expiresAt,
        };
        this.revoked = false;
        return;
      }
      case "TokenRevoked":
        this.revoked = true;
        return;
      case "SyncStarted":
        this.running = { syncId: event.data.syncId, startedAt: toMillis(event.data.at) };
        return;
      case "SyncSucceeded":
      case "SyncFailed":
        this.running = null;
        return;
      case "LocationClaimedByOtherMdm":
        this.claimedBy = event.data.mdmId;
        return;
      case "OwnershipRestored":
        this.claimedBy = null;
        return;
      case "AppleIdErased":
        if (this.link) this.link.appleId = "[erased]";
        return;
      case "TokenHealthChanged":
        this.health = event.data.health;
        return;
      case "DeviceRegistered":
        this.devices.set(event.data.serialNumber, "registered");
        return;
      case "DeviceRetired":
        if (this.devices.has(event.data.serialNumber)) this.devices.set(event.data.serialNumber, "retired");
        return;
      case "UserInvited":
      case "TermsAccepted":
      case "UserRetired":
        this.users.set(
          event.data.userId,
          { UserInvited: "invited", TermsAccepted: "accepted", UserRetired: "retired" }[event.type],
        );
        return;
    }
  }
}

describe("VppAccount: model-based properties over random command sequences", () => {
  it("R1–R3 R5–R7 R15 R21–R23: every command succeeds with exactly the events the rules model predicts, or fails with its code", () => {
    fc.assert(
      fc.property(vppAccountCommandsArb(), fc.integer({ min: 5, max: 180 }), (commands, leaseMinutes) => {
        const account = createVppAccount({ ...defaultVppAccountPolicy, syncLeaseMinutes: leaseMinutes });
        const model = new AccountModel(leaseMinutes);
        for (const { command, emitted, rejection } of decideSteps(account, commands)) {
          const expected = model.expect(command);
          if ("error" in expected) {
            expect(rejection?.code, `${command.type} must be refused`).toBe(expected.error);
          } else {
            expect(rejection, `${command.type} must be accepted`).toBeNull();
            expect(emitted).toEqual(expected.events);
            for (const event of emitted) model.apply(event);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
