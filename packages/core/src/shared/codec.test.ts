import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import {
  boundedString,
  decodeMessage,
  decodeWith,
  describeErrors,
  Identifier,
  messageCodec,
  NonNegativeInt,
} from "./codec.js";

const Ping = messageCodec("Ping", { count: NonNegativeInt, label: boundedString(8) }, { note: t.string });
const Pong = messageCodec("Pong", { nested: t.type({ inner: t.array(t.type({ n: NonNegativeInt })) }) });
const decodeTest = decodeMessage<t.TypeOf<typeof Ping> | t.TypeOf<typeof Pong>>(
  { Ping, Pong },
  "Test message",
);
const leftOf = <A>(result: E.Either<{ code: string; message: string; details?: unknown }, A>) =>
  E.isLeft(result) ? result.left : expect.unreachable("expected a rejection");

describe("messageCodec", () => {
  it("decodes required and optional fields, stripping anything undeclared at both levels", () => {
    const input = { type: "Ping", data: { count: 1, label: "a", note: "n", secret: "x" }, extra: 1 };
    expect(Ping.decode(input)).toEqual(E.right({ type: "Ping", data: { count: 1, label: "a", note: "n" } }));
    expect(Ping.decode({ type: "Ping", data: { count: 1, label: "a" } })).toEqual(
      E.right({ type: "Ping", data: { count: 1, label: "a" } }),
    );
  });

  it("refuses another message type", () => {
    expect(E.isLeft(Ping.decode({ type: "Pong", data: { count: 1, label: "a" } }))).toBe(true);
  });

  it("names itself after the message type", () => {
    expect(Ping.name).toBe("Ping");
  });
});

describe("decodeMessage and decodeWith", () => {
  it("names the failing field by path, skipping array indexes and intersection branches", () => {
    expect(leftOf(decodeTest({ type: "Ping", data: { count: -1, label: "a" } })).details).toEqual({
      path: "data.count",
      expected: "NonNegativeInt",
    });
    expect(
      leftOf(decodeTest({ type: "Ping", data: { count: 1, label: "a", note: 3 } })).details,
    ).toMatchObject({
      path: "data.note",
    });
    expect(
      leftOf(decodeTest({ type: "Pong", data: { nested: { inner: [{ n: 1 }, { n: "2" }] } } })).details,
    ).toEqual({
      path: "data.nested.inner.n",
      expected: "NonNegativeInt",
    });
  });

  it("says what the message was and what the field must be, without the value", () => {
    const error = leftOf(decodeTest({ type: "Ping", data: { count: 1, label: "far too long a label" } }));
    expect(error).toMatchObject({ _tag: "DomainError", code: "invalid-input" });
    expect(error.message).toBe("invalid Test message Ping: data.label must be NonEmptyString(max 8)");
    expect(error.message).not.toContain("far too long");
  });

  it("refuses a missing or non-string type, and an unknown or inherited one", () => {
    expect(leftOf(decodeTest({ data: {} }))).toMatchObject({
      code: "invalid-input",
      details: { path: "type" },
    });
    expect(leftOf(decodeTest([]))).toMatchObject({ code: "invalid-input", details: { path: "type" } });
    expect(leftOf(decodeTest({ type: "Pang", data: {} })).message).toBe(
      'unknown Test message type "Pang"; expected one of Ping, Pong',
    );
    for (const type of ["constructor", "__proto__", "valueOf"]) {
      expect(leftOf(decodeTest({ type, data: {} })).code).toBe("unknown-message-type");
    }
  });

  it("never throws and only ever answers invalid-input or unknown-message-type", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom("Ping", "Pong"), data: fc.anything() })),
        (input) => {
          const result = decodeTest(input);
          if (E.isLeft(result)) expect(["invalid-input", "unknown-message-type"]).toContain(result.left.code);
        },
      ),
    );
  });

  it("decodeWith reports a root failure as (root)", () => {
    expect(leftOf(decodeWith(t.type({ a: t.string }), "thing")(null)).details).toMatchObject({
      path: "(root)",
    });
    expect(describeErrors([])).toEqual({ path: "", expected: "a valid value" });
  });
});

describe("field codecs", () => {
  it("NonNegativeInt accepts safe integers from 0 only", () => {
    for (const ok of [0, 1, Number.MAX_SAFE_INTEGER]) expect(NonNegativeInt.is(ok)).toBe(true);
    for (const bad of [
      -1,
      0.5,
      Number.MAX_SAFE_INTEGER + 1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      "1",
      null,
    ]) {
      expect(NonNegativeInt.is(bad)).toBe(false);
    }
  });

  it("boundedString needs a non-blank character and respects its maximum", () => {
    const codec = boundedString(5);
    expect(codec.is("abcde")).toBe(true);
    expect(codec.is(" a ")).toBe(true);
    for (const bad of ["", "   ", "\n\t", "abcdef", 5]) expect(codec.is(bad)).toBe(false);
  });

  it("R24: Identifier is 1–128 ASCII characters of A–Z a–z 0–9 . _ ~ @ + = -, starting with a letter or digit", () => {
    for (const ok of [
      "u1",
      "user@example.org",
      "a".repeat(128),
      "7f9c2a1e-0b7d-4c1a-9a55-2f3e4d5c6b7a",
      "x.y_z~1+2=3",
    ])
      expect(Identifier.is(ok)).toBe(true);
    const bad = [
      "",
      "a:b",
      " lead",
      "trail ",
      "tab\there",
      "nul\u0000",
      "u\uD800",
      "Émile",
      "ユーザー",
      "a".repeat(129),
      "-x",
      7,
    ];
    for (const value of bad) expect(Identifier.is(value)).toBe(false);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(Identifier.is(`${a}:${b}`)).toBe(false);
      }),
    );
  });
});
