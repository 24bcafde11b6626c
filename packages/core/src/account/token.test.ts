import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { toIso, toMillis } from "../shared/time.js";
import { appleDate, isoDateTimeArb } from "../testing/arbitraries/index.js";
import { makeVppToken } from "../testing/tokens.js";
import { parseVppToken, vppTokenFingerprint } from "./token.js";

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const parsed = (content: string) =>
  E.getOrElseW((error: { message: string }) => expect.unreachable(`token refused: ${error.message}`))(
    parseVppToken(content),
  );

describe("parseVppToken", () => {
  it("R5: reads Apple's expDate format (2030-11-08T22:33:22+0000) as a UTC instant", () => {
    const token = makeVppToken({ expDate: "2030-11-08T22:33:22+0000", orgName: "Example Org" });
    expect(parsed(token)).toEqual({
      orgName: "Example Org",
      expiresAt: "2030-11-08T22:33:22.000Z",
      fingerprint: vppTokenFingerprint(token),
    });
  });

  it("R5: normalises any offset to UTC", () => {
    expect(parsed(makeVppToken({ expDate: "2030-11-09T00:33:22+02:00" })).expiresAt).toBe(
      "2030-11-08T22:33:22.000Z",
    );
    expect(parsed(makeVppToken({ expDate: "2030-11-08T17:33:22-0500" })).expiresAt).toBe(
      "2030-11-08T22:33:22.000Z",
    );
  });

  it("R2: trims the organization name, the identity renewals are compared on", () => {
    expect(parsed(makeVppToken({ orgName: "  Example Org \n" })).orgName).toBe("Example Org");
  });

  it("reads every well-formed token and keeps nothing of its secret", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9+/=]{8,64}$/),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
        isoDateTimeArb,
        (secret, orgName, expDate) => {
          const token = makeVppToken({ token: secret, orgName, expDate });
          const info = parsed(token);
          expect(info).toEqual({
            orgName: orgName.trim(),
            expiresAt: toIso(toMillis(expDate)),
            fingerprint: vppTokenFingerprint(token),
          });
          expect(JSON.stringify(info)).not.toContain(secret);
        },
      ),
    );
  });

  it("fingerprints deterministically: same content, same fingerprint; other secret, other fingerprint", () => {
    const token = makeVppToken({ token: "s3cr3t-A" });
    expect(parsed(token).fingerprint).toBe(parsed(token).fingerprint);
    expect(parsed(token).fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parsed(makeVppToken({ token: "s3cr3t-B" })).fingerprint).not.toBe(parsed(token).fingerprint);
    expect(vppTokenFingerprint(token)).toBe(vppTokenFingerprint(token));
  });

  it("gives a file wrapped in lines or padded with blanks the fingerprint of the token itself", () => {
    const token = makeVppToken({ token: "x".repeat(120) });
    const wrapped = `\n${token.match(/.{1,76}/g)?.join("\r\n")}\n  `;
    expect(parsed(wrapped).fingerprint).toBe(parsed(token).fingerprint);
  });

  it.each([
    ["an empty file", ""],
    ["blanks only", " \n\t "],
    ["characters outside base64", "not*base64!"],
    ["base64 of a wrong length", "YWJjZA="],
    ["misplaced padding", "YW=jZA=="],
    ["base64 of something that is not JSON", base64("token=abc")],
    ["a JSON array", base64("[1,2]")],
    ["JSON null", base64("null")],
    ["a JSON string", base64('"token"')],
    ["no token field", makeVppToken({ token: undefined })],
    ["an empty token field", makeVppToken({ token: "" })],
    ["a token field that is not text", makeVppToken({ token: 12345 })],
    ["no orgName", makeVppToken({ orgName: undefined })],
    ["a blank orgName", makeVppToken({ orgName: "   " })],
    ["no expDate", makeVppToken({ expDate: undefined })],
    ["an expDate that is a number", makeVppToken({ expDate: 1_920_407_602_000 })],
    ["an expDate in words", makeVppToken({ expDate: "next year" })],
    ["an expDate without time", makeVppToken({ expDate: "2030-11-08" })],
    ["an expDate without offset", makeVppToken({ expDate: "2030-11-08T22:33:22" })],
    ["an impossible expDate", makeVppToken({ expDate: "2030-02-30T22:33:22+0000" })],
  ])("R5: a token with %s is token-malformed, with advice and without its content", (_, content) => {
    const result = parseVppToken(content);
    expect(E.isLeft(result) && result.left.code).toBe("token-malformed");
    if (E.isLeft(result)) {
      expect(result.left.message).toContain("download the .vpptoken file again");
      if (content.trim()) expect(result.left.message).not.toContain(content.trim());
      expect(result.left.message).not.toContain("secret-stoken-value");
    }
  });

  it("never throws, whatever the content", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.json().map(base64)), (content) => {
        const result = parseVppToken(content);
        if (E.isLeft(result)) expect(result.left.code).toBe("token-malformed");
      }),
    );
  });

  it("reads dates written by the arbitraries' Apple formatter", () => {
    expect(parsed(makeVppToken({ expDate: appleDate("2031-01-02T03:04:05.678Z") })).expiresAt).toBe(
      "2031-01-02T03:04:05.000Z",
    );
  });
});
