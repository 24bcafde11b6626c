import { INVISIBLE, secretForms } from "./secret-forms.js";

/**
 * Longest text from Apple kept anywhere (events, logs, error messages): 256 characters, the ledger's bound of
 * `mdmId` and `mdmName`. Longer text is cut and ends with {@link ELLIPSIS}.
 */
export const UNTRUSTED_TEXT_MAX = 256;
/** What replaces each piece of a secret. */
export const REDACTED = "[redacted]";
/** The last character of a text that was cut. */
export const ELLIPSIS = "…";
/**
 * Any run of this many characters of a secret (or of one of its encoded forms) counts as the secret: 16
 * characters of a base64 token are 96 bits, far more than any ordinary text shares with it by chance.
 */
export const SECRET_PIECE_LENGTH = 16;
/** Secrets shorter than this are ignored: they cannot be real tokens, and redacting them would mangle words. */
export const MIN_SECRET_LENGTH = 8;
/**
 * Only this much of a text is examined. A piece of a secret cut at this point is still caught when 16 or more
 * of its characters remain, and the kept text ends long before it anyway.
 */
export const SCAN_LIMIT = 16_384;

/** The secrets to look for, prepared once: every 16-character piece of every form, and whole short forms. */
export interface SecretPieces {
  readonly pieces: ReadonlySet<string>;
  /** Forms of 8 to 15 characters, matched whole. */
  readonly short: ReadonlyArray<string>;
}

/** Prepares {@link SecretPieces} for some secrets (e.g. the `.vpptoken` content and the token inside it). */
export const secretPieces = (secrets: ReadonlyArray<string>): SecretPieces => {
  const pieces = new Set<string>();
  const short = new Set<string>();
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      if (form.length >= SECRET_PIECE_LENGTH) {
        for (let at = 0; at + SECRET_PIECE_LENGTH <= form.length; at++) {
          pieces.add(form.slice(at, at + SECRET_PIECE_LENGTH));
        }
      } else if (form.length >= MIN_SECRET_LENGTH) {
        short.add(form);
      }
    }
  }
  return { pieces, short: [...short] };
};

/** No secret: {@link scrubUntrustedText} then only cleans and bounds. */
export const NO_SECRETS: SecretPieces = { pieces: new Set(), short: [] };

/** Marks, in the compacted text, every character that belongs to a piece of a secret. */
const markSecrets = (text: string, secrets: SecretPieces): Uint8Array => {
  const marked = new Uint8Array(text.length);
  const mark = (from: number, length: number) => marked.fill(1, from, from + length);
  for (let at = 0; at + SECRET_PIECE_LENGTH <= text.length; at++) {
    if (secrets.pieces.has(text.slice(at, at + SECRET_PIECE_LENGTH))) mark(at, SECRET_PIECE_LENGTH);
  }
  for (const form of secrets.short) {
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) mark(at, form.length);
  }
  return marked;
};

/**
 * Replaces every piece of a secret with {@link REDACTED}. The search runs on the text without whitespace and
 * invisible characters, so a secret split by them is found; what is replaced is the original span, splits
 * included.
 */
const redact = (text: string, secrets: SecretPieces): string => {
  if (secrets.pieces.size === 0 && secrets.short.length === 0) return text;
  // The compacted text and, for each of its UTF-16 units, where it sits in the original.
  const positions: number[] = [];
  let compacted = "";
  let index = 0;
  for (const char of text) {
    if (!INVISIBLE.test(char)) {
      for (let unit = 0; unit < char.length; unit++) positions.push(index + unit);
      compacted += char;
    }
    index += char.length;
  }
  const marked = markSecrets(compacted, secrets);
  let result = "";
  let copiedUpTo = 0;
  for (let at = 0; at < marked.length; at++) {
    if (marked[at] !== 1) continue;
    let end = at;
    while (end + 1 < marked.length && marked[end + 1] === 1) end++;
    const from = positions[at] ?? text.length;
    const to = (positions[end] ?? text.length - 1) + 1;
    result += text.slice(copiedUpTo, from) + REDACTED;
    copiedUpTo = to;
    at = end;
  }
  return result + text.slice(copiedUpTo);
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;
const CONTROL = /\p{Cc}/gu;

/**
 * One line of readable text: control characters become spaces, bidi overrides go (they can make a stored
 * name read differently on an admin's screen), lone surrogates (which some stores refuse) become U+FFFD,
 * runs of whitespace become one space.
 */
const clean = (text: string): string =>
  text
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(BIDI_CONTROL, "")
    .replace(CONTROL, " ")
    .replace(/\s+/g, " ")
    .trim();

/** At most `max` UTF-16 units, never splitting a surrogate pair, ending with {@link ELLIPSIS} when cut. */
const bound = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, Math.max(0, end))}${ELLIPSIS}`;
};

/**
 * Makes text that came from Apple (an `errorMessage`, `mdmInfo`, a notification field) safe to store in an
 * event, write to a log or put in an error message: every piece of a secret of 16 or more characters, in any
 * form `secretForms` lists, even split by whitespace, becomes {@link REDACTED}; control characters and
 * the like are cleaned; the result is at most `max` characters (default {@link UNTRUSTED_TEXT_MAX}) and ends
 * with {@link ELLIPSIS} when cut. The secret is removed before the text is cut, so no cut can leave a longer
 * piece behind. Applying it twice changes nothing. May return "" (blank input): callers choose a placeholder.
 */
export const scrubUntrustedText = (
  text: string,
  secrets: SecretPieces,
  max: number = UNTRUSTED_TEXT_MAX,
): string => {
  const scanned = text.length > SCAN_LIMIT ? text.slice(0, SCAN_LIMIT) : text;
  return bound(clean(redact(scanned, secrets)), Math.max(1, Math.floor(max)));
};
