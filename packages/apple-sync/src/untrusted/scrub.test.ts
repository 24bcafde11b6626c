import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretLeaks } from "./leaks.test-support.js";
import { ELLIPSIS, REDACTED, scrubUntrustedText, secretPieces, UNTRUSTED_TEXT_MAX } from "./scrub.js";
import { Scrubber } from "./scrubber.js";

/** A `.vpptoken` like Apple's: base64 of JSON around an 88-character base64 token. */
const tokenFile = (inner = randomBytes(64).toString("base64")) => ({
  inner,
  file: Buffer.from(
    JSON.stringify({ token: inner, expDate: "2027-11-25T10:00:00+0000", orgName: "ACME School" }),
  ).toString("base64"),
});

const { inner, file } = tokenFile();
const secrets = [file, inner];
const scrubber = Scrubber.of(secrets);
const scrub = (text: string, max?: number) => scrubber.text(text, max);
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const b64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const form = (text: string) => new URLSearchParams({ s: text }).toString().slice(2);

describe("scrubUntrustedText: the content token in every form", () => {
  const planted: ReadonlyArray<readonly [string, string]> = [
    ["the .vpptoken content", file],
    ["the token inside it", inner],
    ["encodeURIComponent", encodeURIComponent(inner)],
    ["encodeURIComponent of the file", encodeURIComponent(file)],
    ["form encoding", form(inner)],
    [
      "URL encoding with lower-case hex",
      encodeURIComponent(inner).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    ],
    ["base64", b64(inner)],
    ["base64url", b64url(inner)],
    ["base64 of the file", b64(file)],
    ["base64 of a text holding it (offset 1)", b64(`x${inner}`)],
    ["base64 of a text holding it (offset 2)", b64(`xy${inner}y`)],
    ["base64url of a text holding it", b64url(`Bearer ${file}`)],
    ["split by spaces", inner.match(/.{1,7}/g)?.join(" ") ?? ""],
    ["split by line breaks and tabs", file.match(/.{1,20}/g)?.join("\r\n\t") ?? ""],
    ["split by zero-width spaces", inner.split("").join("\u200b")],
    ["a 30-character prefix", inner.slice(0, 30)],
    ["a 16-character suffix", inner.slice(-16)],
    ["a 16-character piece from the middle", inner.slice(40, 56)],
    ["a 20-character prefix of its URL encoding", encodeURIComponent(inner).slice(0, 20)],
    ["a 24-character suffix of its base64", b64(inner).slice(-24)],
  ];

  for (const [form, value] of planted) {
    it(`R24: redacts ${form}`, () => {
      const text = `Apple says: ${value} (see docs)`;
      expect(secretLeaks(text, secrets)).not.toEqual([]);
      const scrubbed = scrub(text, 10_000);
      expect(secretLeaks(scrubbed, secrets)).toEqual([]);
      expect(scrubbed).toContain(REDACTED);
      expect(scrubbed.startsWith("Apple says: ")).toBe(true);
    });
  }

  it("keeps ordinary text, and a piece shorter than 16 characters (too short to be the token)", () => {
    expect(scrub("Invalid argument. The request contains duplicate assets.")).toBe(
      "Invalid argument. The request contains duplicate assets.",
    );
    expect(scrub(`short ${inner.slice(0, 15)}`)).toBe(`short ${inner.slice(0, 15)}`);
  });

  it("redacts every occurrence, however many, and the whole span of a split token", () => {
    const split = inner.match(/.{1,11}/g)?.join(" ") ?? "";
    expect(scrub(`${inner} and ${inner} then ${split}!`, 10_000)).toBe(
      `${REDACTED} and ${REDACTED} then ${REDACTED}!`,
    );
  });

  it("redacts secrets of 8 to 15 characters only whole, and ignores shorter ones", () => {
    const short = Scrubber.of(["s3cr3t-pw!", "abc"]);
    expect(short.text("x s3cr3t-pw! y abc")).toBe(`x ${REDACTED} y abc`);
  });

  it("property: no 16-character piece of any form survives, wherever it is planted", () => {
    const forms = [inner, file, encodeURIComponent(inner), form(file), b64(inner), b64url(file)];
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.nat({ max: forms.length - 1 }),
        fc.nat(),
        fc.integer({ min: 16, max: 120 }),
        fc.string({ maxLength: 40 }),
        fc.boolean(),
        (before, which, start, length, after, split) => {
          const chosen = forms[which] ?? inner;
          const from = start % Math.max(1, chosen.length - 16);
          let piece = chosen.slice(from, from + length);
          if (split) piece = piece.match(/.{1,5}/g)?.join(" ") ?? piece;
          const scrubbed = scrub(`${before}${piece}${after}`, 100_000);
          expect(secretLeaks(scrubbed, secrets)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("scrubUntrustedText: bounds and cleaning", () => {
  it(`cuts text over ${UNTRUSTED_TEXT_MAX} characters, ending it with an ellipsis`, () => {
    const scrubbed = scrub("a".repeat(300));
    expect(scrubbed).toHaveLength(UNTRUSTED_TEXT_MAX);
    expect(scrubbed.endsWith(ELLIPSIS)).toBe(true);
    expect(scrub("b".repeat(UNTRUSTED_TEXT_MAX))).toBe("b".repeat(UNTRUSTED_TEXT_MAX));
    expect(scrub("abcdef", 4)).toBe(`abc${ELLIPSIS}`);
  });

  it("removes the token before cutting, so a cut never leaves a longer piece of it", () => {
    const text = `${"x".repeat(240)}${inner}`;
    const scrubbed = scrub(text);
    expect(scrubbed).toBe(`${"x".repeat(240)}${REDACTED}`);
    expect(secretLeaks(scrub(`${"y".repeat(20_000)}${inner}`), secrets)).toEqual([]);
  });

  it("never splits a surrogate pair, and replaces lone surrogates", () => {
    const scrubbed = scrub(`${"a".repeat(254)}😀😀`);
    expect(scrubbed).toBe(`${"a".repeat(254)}${ELLIPSIS}`);
    expect(scrub("x\uD800y\uDC00z")).toBe("x\uFFFDy\uFFFDz");
  });

  it("makes one line: control characters become spaces, bidi overrides go, whitespace runs collapse", () => {
    expect(scrub("  line 1\n\nline\u0000 2\u202E evil\u202C \t ")).toBe("line 1 line 2 evil");
  });

  it("is idempotent, and blank text stays blank for the caller to name", () => {
    const once = scrub(`A ${inner} B ${"c".repeat(400)}`);
    expect(scrub(once)).toBe(once);
    expect(scrub(" \n\t ")).toBe("");
  });

  it("with no secret known it still cleans and bounds", () => {
    expect(scrubUntrustedText(`a\u0007${"b".repeat(300)}`, secretPieces([]))).toHaveLength(
      UNTRUSTED_TEXT_MAX,
    );
    expect(Scrubber.none.text("x\u0000y")).toBe("x y");
  });
});

describe("Scrubber", () => {
  it("never shows the pieces it holds", () => {
    expect(inspect(scrubber, { depth: 10, showHidden: true })).toBe("Scrubber {}");
    expect(JSON.stringify({ scrubber })).toBe('{"scrubber":{}}');
  });

  it("R24: keeps a plain Apple id as a reference, and digests one that is long, odd or secret", () => {
    const uuid = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    expect(scrubber.reference(uuid)).toBe(uuid);
    expect(scrubber.reference("42")).toBe("42");
    for (const odd of [inner, `e-${inner.slice(0, 20)}`, "x".repeat(65), "has space", "é", ""]) {
      const reference = scrubber.reference(odd);
      expect(reference).toMatch(/^sha256-[0-9a-f]{32}$/);
      expect(scrubber.reference(odd)).toBe(reference);
      expect(secretLeaks(reference, secrets)).toEqual([]);
    }
  });
});
