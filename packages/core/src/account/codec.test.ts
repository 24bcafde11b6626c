import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { CorruptEvent } from "../store/errors.js";
import {
  vppAccountCommandsArb,
  vppAccountEventArbs,
  vppAccountHistoryArb,
} from "../testing/arbitraries/index.js";
import { decodeVppAccountCommand } from "./commands.js";
import type { VppAccountEvent } from "./events.js";
import { vppAccountEvents } from "./index.js";

const at = "2026-11-25T09:00:00Z";
const streamId = "vpp-account:tenant-1";
const stored = (event: VppAccountEvent) => ({
  streamId,
  streamVersion: 1n,
  ...JSON.parse(JSON.stringify(vppAccountEvents.encode(event))),
});
const rejection = (input: unknown) =>
  E.match(
    (error: { code: string; message: string; details?: unknown }) => error,
    () => expect.unreachable("the input must be refused"),
  )(decodeVppAccountCommand(input));
const upload = {
  token: "c2VjcmV0",
  tokenName: "Main",
  appleId: "admin@example.org",
  acknowledgedSingleAccount: true,
  at,
};

describe("VppAccount codecs: events", () => {
  it("has an arbitrary for every event type of the catalog", () => {
    expect(Object.keys(vppAccountEventArbs).sort()).toEqual([...vppAccountEvents.types].sort());
  });

  it.each(Object.keys(vppAccountEventArbs) as Array<keyof typeof vppAccountEventArbs>)(
    "R18: %s round trips: encode, JSON, decode gives the same event at schema version 1",
    (type) => {
      const arbitrary: fc.Arbitrary<VppAccountEvent> = vppAccountEventArbs[type];
      fc.assert(
        fc.property(arbitrary, (event) => {
          const row = stored(event);
          expect(row).toMatchObject({ type, schemaVersion: 1 });
          expect(vppAccountEvents.decode(row)).toEqual(event);
        }),
      );
    },
  );

  it("R18: every event decide emits is storable and reads back unchanged", () => {
    fc.assert(
      fc.property(vppAccountHistoryArb(), (events) => {
        expect(events.map((event) => vppAccountEvents.decode(stored(event)))).toEqual(events);
      }),
    );
  });

  it("undeclared fields (a secret, say) are stripped when an event is stored", () => {
    const event = {
      type: "TokenRevoked",
      data: { fingerprint: "sha256:00", at, token: "s3cr3t" },
    } as VppAccountEvent;
    expect(JSON.stringify(vppAccountEvents.encode(event))).not.toContain("s3cr3t");
  });

  it("a corrupt row names stream, version, type and field, never the value", () => {
    const row = {
      ...stored({ type: "SyncStarted", data: { syncId: "s1", trigger: "manual", at } }),
      streamVersion: 9n,
    };
    row.data = { ...row.data, trigger: "s3cr3t-trigger" };
    expect(() => vppAccountEvents.decode(row)).toThrow(CorruptEvent);
    expect(() => vppAccountEvents.decode(row)).toThrow(
      /vpp-account:tenant-1 version 9 \(SyncStarted\): data\.trigger/,
    );
    expect(() => vppAccountEvents.decode(row)).not.toThrow(/s3cr3t/);
    expect(() => vppAccountEvents.decode({ ...row, type: "LicenseAssigned" })).toThrow(
      /\(LicenseAssigned\): type/,
    );
  });
});

describe("VppAccount codecs: commands", () => {
  it("every generated command round trips through JSON and the command decoder", () => {
    fc.assert(
      fc.property(vppAccountCommandsArb({ maxCommands: 10 }), (commands) => {
        for (const command of commands) {
          expect(decodeVppAccountCommand(JSON.parse(JSON.stringify(command)))).toEqual(E.right(command));
        }
      }),
    );
  });

  it.each([
    ["a token that is not text", "data.token", { type: "UploadToken", data: { ...upload, token: 42 } }],
    ["a blank token name", "data.tokenName", { type: "UploadToken", data: { ...upload, tokenName: "  " } }],
    [
      "a missing acknowledgement",
      "data.acknowledgedSingleAccount",
      { type: "UploadToken", data: { ...upload, acknowledgedSingleAccount: undefined } },
    ],
    [
      "an unknown trigger",
      "data.trigger",
      { type: "RequestSync", data: { syncId: "s1", trigger: "cron", at } },
    ],
    [
      "a sync id with ':'",
      "data.syncId",
      { type: "RequestSync", data: { syncId: "a:b", trigger: "manual", at } },
    ],
    [
      "a report count that is negative",
      "data.report.apps",
      { type: "CompleteSync", data: { syncId: "s1", report: { apps: -1 }, at } },
    ],
    [
      "a failure without message",
      "data.error.message",
      { type: "FailSync", data: { syncId: "s1", error: { code: "x" }, at } },
    ],
    ["a date without offset", "data.at", { type: "RecordTokenRevoked", data: { at: "2026-11-25 09:00" } }],
    [
      "an mdm name over 256 characters",
      "data.mdmName",
      { type: "RecordLocationClaimed", data: { mdmId: "m", mdmName: "n".repeat(257), at } },
    ],
    [
      "a user id with a control character",
      "data.userId",
      { type: "InviteUser", data: { userId: "u\u0000", at } },
    ],
  ])("refuses %s with invalid-input naming %s", (_, path, input) => {
    const error = rejection(input);
    expect(error.code).toBe("invalid-input");
    expect(error.details).toMatchObject({ path });
    expect(error.message).toContain(path);
  });

  it("never echoes the refused value, above all a token", () => {
    const secret = "c2VjcmV0LXNUb2tlbi12YWx1ZQ==";
    for (const input of [
      { type: "UploadToken", data: { ...upload, token: secret, at: "not a date" } },
      { type: "UploadToken", data: { ...upload, token: [secret] } },
      { type: "UploadToken", data: { ...upload, tokenName: secret.repeat(20) } },
    ]) {
      expect(JSON.stringify(rejection(input))).not.toContain(secret);
    }
  });

  it("refuses an unknown type with unknown-message-type", () => {
    expect(rejection({ type: "LinkAccount", data: {} }).code).toBe("unknown-message-type");
    expect(rejection({ type: "hasOwnProperty", data: {} }).code).toBe("unknown-message-type");
  });

  it("strips undeclared fields, so nothing extra reaches an event", () => {
    const input = { type: "UploadToken", data: { ...upload, sToken: "s3cr3t" }, meta: 1 };
    expect(decodeVppAccountCommand(input)).toEqual(E.right({ type: "UploadToken", data: upload }));
  });
});
