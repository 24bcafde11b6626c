/*
 * An independent leak detector for tests: every 16-character run of a secret, of its URL encodings and of its
 * base64 encodings (alone or inside longer text), looked for in a text stripped of whitespace and invisible
 * characters. Written apart from the scrubber so that a test does not check the scrubber against itself.
 */

const PIECE = 16;

const strip = (text: string): string => text.replace(/[\s\p{Cc}\u200b-\u200f\u2060\ufeff]/gu, "");

const encodings = (secret: string): string[] => {
  const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  forms.push(...forms.map((form) => form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())));
  for (const prefix of ["", "a", "ab"]) {
    // Drop the characters that mix in the prefix or the padding: what remains is fixed by the secret alone.
    const encoded = Buffer.from(prefix + secret, "utf8").toString("base64");
    const core = encoded.slice(prefix.length === 0 ? 0 : prefix.length + 1, -4);
    forms.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms.map(strip);
};

/** Every piece of 16 characters of some form of `secrets` found in `text` (empty: no leak). */
export const secretLeaks = (text: string, secrets: ReadonlyArray<string>): string[] => {
  const haystack = strip(text);
  const found = new Set<string>();
  for (const secret of secrets) {
    for (const form of encodings(secret)) {
      for (let at = 0; at + PIECE <= form.length; at++) {
        const piece = form.slice(at, at + PIECE);
        if (haystack.includes(piece)) found.add(piece);
      }
    }
  }
  return [...found];
};
