/**
 * Text PostgreSQL cannot keep as given. A NUL cannot be stored in `text` (22021) nor in `jsonb` (22P05), and
 * `jsonb` refuses an unpaired surrogate escape (22P02). An unpaired surrogate in a `text` parameter is worse:
 * the drivers' UTF-8 encoding silently turns it into U+FFFD, so what is stored is not what was given. These
 * checks say where such text is, never what it is: it may be anything a caller sent.
 */

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot keep `text` as given (`"a \\u0000 character"`), or undefined when it can. */
export const unstorableText = (text: string): string | undefined => {
  if (text.includes("\u0000")) return "a \\u0000 character";
  if (UNPAIRED_SURROGATE.test(text)) return "an unpaired surrogate";
  return undefined;
};

/** Where a JSON value holds unstorable text, and why; never the text itself. */
export interface UnstorablePlace {
  /** `data.items[2].name`; a key that itself cannot be stored shows as `<key>`. */
  readonly path: string;
  readonly reason: string;
}

// Keys that read as field names go into paths; any other key (a user id used as a map key, say) is shown as
// `[…]`, so a path never carries a value of the payload.
const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

/**
 * The first place in JSON value `value` (already known to serialise) holding text PostgreSQL cannot keep,
 * in a key or a string, with `root` as the path's start; undefined when there is none. Run only after
 * PostgreSQL refused a statement, to say where the problem is: the happy path pays nothing.
 */
export const findUnstorable = (value: unknown, root: string): UnstorablePlace | undefined => {
  if (typeof value === "string") {
    const reason = unstorableText(value);
    return reason === undefined ? undefined : { path: root, reason };
  }
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorable(item, `${root}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyReason = unstorableText(key);
    if (keyReason !== undefined) return { path: `${root}.<key>`, reason: `a key holding ${keyReason}` };
    const found = findUnstorable(item, FIELD_NAME.test(key) ? `${root}.${key}` : `${root}[…]`);
    if (found !== undefined) return found;
  }
  return undefined;
};

/** The largest value of a PostgreSQL `integer` column (schema versions). */
export const MAX_INTEGER = 2_147_483_647;
