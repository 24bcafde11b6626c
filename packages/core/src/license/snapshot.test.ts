import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { licenseEventArb, licenseStateArb } from "../testing/arbitraries/index.js";
import { isConsistentLicenseState, License, licenseSnapshot } from "./index.js";

const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const valid = {
  purchased: 3,
  deployment: "required",
  licensing: "user",
  holders: [["u1", "2026-11-25T09:00:00.000Z"]],
  devices: [],
  assignments: 1,
  reclaims: 0,
  metadata: { pricingParam: "STDQ", supportedPlatforms: ["iOS"], deviceAssignable: true },
  usageAlert: "normal",
};

describe("License snapshot codec", () => {
  it("R18: a reachable pool state round trips through encode, JSON and decode", () => {
    fc.assert(
      fc.property(licenseStateArb({ maxCommands: 80 }), (state) => {
        expect(licenseSnapshot.decode(throughJson(licenseSnapshot.encode(state)))).toEqual(E.right(state));
      }),
    );
  });

  it("R13, R16: a folded state that no decision could reach (a reclaim of no holder) is refused, never trusted", () => {
    fc.assert(
      fc.property(fc.array(licenseEventArb, { maxLength: 30 }), (events) => {
        const state = License.fold(License.initialState, events);
        const decoded = licenseSnapshot.decode(throughJson(licenseSnapshot.encode(state)));
        if (isConsistentLicenseState(state)) expect(decoded).toEqual(E.right(state));
        else expect(decoded).toEqual(E.left(expect.objectContaining({ code: "snapshot-inconsistent" })));
      }),
    );
  });

  it.each([
    ["holders emptied", { ...valid, holders: [] }],
    ["a holder added", { ...valid, holders: [...valid.holders, ["u2", valid.holders[0]?.[1]]] }],
    ["a holder repeated", { ...valid, assignments: 2, holders: [valid.holders[0], valid.holders[0]] }],
    ["more reclaims than assignments", { ...valid, assignments: 0, reclaims: 1, holders: [] }],
    ["a device added", { ...valid, devices: [["SERIAL1", valid.holders[0]?.[1]]] }],
    [
      "a device repeated",
      {
        ...valid,
        assignments: 3,
        devices: [
          ["S1", valid.holders[0]?.[1]],
          ["S1", valid.holders[0]?.[1]],
        ],
      },
    ],
  ])("R13, R16: a forged snapshot (%s) is refused as snapshot-inconsistent", (_, forged) => {
    expect(licenseSnapshot.decode(throughJson(forged))).toEqual(
      E.left(expect.objectContaining({ code: "snapshot-inconsistent" })),
    );
  });

  it("keeps holders in assignment order", () => {
    const decoded = licenseSnapshot.decode(
      throughJson({
        ...valid,
        assignments: 2,
        holders: [
          ["b", valid.holders[0]?.[1]],
          ["a", valid.holders[0]?.[1]],
        ],
      }),
    );
    expect(E.isRight(decoded) && [...decoded.right.holders.keys()]).toEqual(["b", "a"]);
  });

  it.each([
    ["not an object", null, "(root)"],
    ["a negative purchased count", { ...valid, purchased: -1 }, "purchased"],
    ["a fractional purchased count", { ...valid, purchased: 2.5 }, "purchased"],
    ["an unknown deployment", { ...valid, deployment: "delete" }, "deployment"],
    ["holders as an object", { ...valid, holders: { u1: "2026-11-25T09:00:00.000Z" } }, "holders"],
    ["a holder without a time", { ...valid, holders: [["u1"]] }, "holders"],
    ["a holder whose time is not a date", { ...valid, holders: [["u1", "soon"]] }, "holders"],
    [
      "a holder id that is not an identifier",
      { ...valid, holders: [["", "2026-11-25T09:00:00.000Z"]] },
      "holders",
    ],
    ["a missing field", { purchased: 3, holders: [] }, "deployment"],
  ])(
    "refuses a snapshot with %s (invalid-input naming the field), so it is rebuilt from events",
    (_, stored, path) => {
      const decoded = licenseSnapshot.decode(stored);
      expect(E.isLeft(decoded) && decoded.left).toMatchObject({ code: "invalid-input", details: { path } });
    },
  );
});
