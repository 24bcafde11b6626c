import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { licenseCommandsArb, licenseEventArbs } from "../testing/arbitraries/index.js";
import { decodeLicenseCommand } from "./commands.js";
import type { LicenseEvent } from "./events.js";
import { licenseEvents } from "./index.js";

const at = "2026-11-25T09:00:00Z";
const stored = (event: LicenseEvent, streamVersion = 1n) => ({
  streamId: "vpp-license:tenant-1:123456",
  streamVersion,
  ...JSON.parse(JSON.stringify(licenseEvents.encode(event))),
});
const rejection = (input: unknown) =>
  E.match(
    (error: { code: string; message: string; details?: unknown }) => error,
    () => expect.unreachable("the input must be refused"),
  )(decodeLicenseCommand(input));

describe("License codecs: events", () => {
  it("has an arbitrary for every event type of the catalog", () => {
    expect(Object.keys(licenseEventArbs).sort()).toEqual([...licenseEvents.types].sort());
  });

  it.each(Object.keys(licenseEventArbs) as Array<keyof typeof licenseEventArbs>)(
    "R18: %s round trips: encode, JSON, decode gives the same event at schema version 1",
    (type) => {
      const arbitrary: fc.Arbitrary<LicenseEvent> = licenseEventArbs[type];
      fc.assert(
        fc.property(arbitrary, (event) => {
          const row = stored(event);
          expect(row.type).toBe(type);
          expect(row.schemaVersion).toBe(1);
          expect(licenseEvents.decode(row)).toEqual(event);
        }),
      );
    },
  );

  it("undeclared fields are stripped when an event is stored and when it is read", () => {
    const event = { type: "LicenseAssigned", data: { userId: "u1", at, secret: "s3cr3t" } } as LicenseEvent;
    expect(JSON.stringify(licenseEvents.encode(event))).not.toContain("s3cr3t");
    const row = { ...stored({ type: "LicenseAssigned", data: { userId: "u1", at } }) };
    row.data = { ...row.data, secret: "s3cr3t" };
    expect(licenseEvents.decode(row)).toEqual({ type: "LicenseAssigned", data: { userId: "u1", at } });
  });
});

describe("License codecs: commands", () => {
  it("every generated command round trips through JSON and the command decoder", () => {
    fc.assert(
      fc.property(licenseCommandsArb({ maxCommands: 10 }), (commands) => {
        for (const command of commands) {
          expect(decodeLicenseCommand(JSON.parse(JSON.stringify(command)))).toEqual(E.right(command));
        }
      }),
    );
  });

  it.each([
    ["a negative count", { type: "SyncPurchasedCount", data: { purchased: -1, at } }, "data.purchased"],
    ["a fractional count", { type: "SyncPurchasedCount", data: { purchased: 1.5, at } }, "data.purchased"],
    ["a count as text", { type: "SyncPurchasedCount", data: { purchased: "3", at } }, "data.purchased"],
    ["a missing time", { type: "SyncPurchasedCount", data: { purchased: 3 } }, "data.at"],
    [
      "a time without offset",
      { type: "DeployApp", data: { action: "required", at: "2026-11-25T09:00" } },
      "data.at",
    ],
    ["an unknown action", { type: "DeployApp", data: { action: "delete", at } }, "data.action"],
    [
      "a user id with ':'",
      { type: "AssignLicense", data: { userId: "a:b", termsAccepted: true, at } },
      "data.userId",
    ],
    [
      "terms as text",
      { type: "AssignLicense", data: { userId: "u1", termsAccepted: "yes", at } },
      "data.termsAccepted",
    ],
    [
      "an unknown reason",
      { type: "ReclaimLicense", data: { userId: "u1", reason: "lost", at } },
      "data.reason",
    ],
    [
      "an empty failure code",
      { type: "RecordInstallFailure", data: { userId: "u1", reason: { code: " ", message: "m" }, at } },
      "data.reason.code",
    ],
    ["no data", { type: "RequestInstall" }, "data"],
    ["no type", { data: { userId: "u1", at } }, "type"],
    ["not an object", "AssignLicense", "type"],
  ])("refuses %s with invalid-input naming %s", (_, input, path) => {
    const error = rejection(input);
    expect(error.code).toBe("invalid-input");
    expect(error.details).toMatchObject({ path });
    expect(error.message).toContain(path);
  });

  it("names the field whichever field of a valid command is broken", () => {
    const wrong = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.constant(-7),
      fc.dictionary(fc.string(), fc.nat()),
    );
    fc.assert(
      fc.property(licenseCommandsArb({ maxCommands: 8 }), wrong, fc.nat(), (commands, value, pick) => {
        for (const command of commands) {
          const fields = Object.keys(command.data);
          const field = fields[pick % fields.length] ?? "at";
          const broken = { type: command.type, data: { ...command.data, [field]: value } };
          const decision = decodeLicenseCommand(broken);
          if (E.isLeft(decision))
            expect(decision.left.details?.path).toMatch(new RegExp(`^data\\.${field}(\\.|$)`));
          else expect(decision.right.data).toEqual(broken.data);
        }
      }),
    );
  });

  it("never echoes the refused value", () => {
    const marker = "MARKER-8f3a";
    for (const input of [
      { type: "AssignLicense", data: { userId: `${marker}:x`, termsAccepted: true, at } },
      { type: "SyncPurchasedCount", data: { purchased: marker, at } },
      { type: "DeployApp", data: { action: marker, at: marker } },
    ]) {
      expect(JSON.stringify(rejection(input))).not.toContain(marker);
    }
  });

  it("refuses an unknown type with unknown-message-type, listing the known ones", () => {
    const error = rejection({ type: "GrantLicense", data: {} });
    expect(error.code).toBe("unknown-message-type");
    expect(error.message).toContain("AssignLicense");
    for (const inherited of ["toString", "__proto__", "constructor"]) {
      expect(rejection({ type: inherited, data: {} }).code).toBe("unknown-message-type");
    }
    expect(rejection({ type: "x".repeat(500), data: {} }).message).not.toContain("x".repeat(65));
  });

  it("strips undeclared fields of a command", () => {
    const input = {
      type: "AssignLicense",
      data: { userId: "u1", termsAccepted: true, at, extra: 1 },
      meta: 2,
    };
    expect(decodeLicenseCommand(input)).toEqual(
      E.right({ type: "AssignLicense", data: { userId: "u1", termsAccepted: true, at } }),
    );
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ type: fc.constantFrom("AssignLicense", "DeployApp"), data: fc.anything() }),
        ),
        (input) => {
          const decision = decodeLicenseCommand(input);
          if (E.isLeft(decision))
            expect(["invalid-input", "unknown-message-type"]).toContain(decision.left.code);
        },
      ),
    );
  });
});
