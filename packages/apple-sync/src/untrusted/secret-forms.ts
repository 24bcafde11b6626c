/*
 * The forms a content token can take in text Apple (or anything between us and Apple) sends back: the token
 * itself, URL-encoded (path/query and form style, either hex case), base64 and base64url at each of the three
 * byte alignments it can sit at inside a longer encoded text. Every form is compared without whitespace, so
 * a token split by spaces or line breaks (a wrapped base64 block) is still the token.
 */

/** Whitespace, control and format characters (zero-width spaces, bidi marks): ignored when looking for a secret. */
export const INVISIBLE = /[\s\p{Cc}\p{Cf}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "gu");

/** `text` without {@link INVISIBLE} characters. */
export const compact = (text: string): string => text.replace(INVISIBLE_ALL, "");

const lowerHexEscapes = (text: string): string => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());

/** `application/x-www-form-urlencoded`, as `URLSearchParams` writes it (space as `+`, `*'()!~` escaped). */
const formEncode = (text: string): string => new URLSearchParams({ s: text }).toString().slice(2);

const toBase64Url = (base64: string): string => base64.replace(/\+/g, "-").replace(/\//g, "_");

/**
 * The base64 characters that depend on `secret` alone when it starts `offset` bytes into a 3-byte group: the
 * text any base64 encoding of a larger text containing the secret at that alignment must contain.
 */
const base64Core = (secret: string, offset: number): string => {
  const bytes = Buffer.from(secret, "utf8");
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return encoded.slice(first, end);
};

/** Every form of one secret to look for, each without {@link INVISIBLE} characters, without duplicates. */
export const secretForms = (secret: string): ReadonlyArray<string> => {
  const raw = compact(secret);
  if (raw === "") return [];
  const uri = encodeURIComponent(raw);
  const form = formEncode(raw);
  const base64 = [0, 1, 2].map((offset) => base64Core(raw, offset));
  const forms = [
    raw,
    uri,
    lowerHexEscapes(uri),
    form,
    lowerHexEscapes(form),
    ...base64,
    ...base64.map(toBase64Url),
  ];
  return [...new Set(forms.filter((f) => f !== ""))];
};
