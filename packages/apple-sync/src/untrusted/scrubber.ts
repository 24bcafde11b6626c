import { createHash } from "node:crypto";
import {
  NO_SECRETS,
  type SecretPieces,
  scrubUntrustedText,
  secretPieces,
  UNTRUSTED_TEXT_MAX,
} from "./scrub.js";

/**
 * The shape of an Apple id (an `eventId`, a `notificationId`) kept as it is inside a ledger reference (command,
 * correlation and causation ids): up to 64 visible ASCII characters. Apple's are UUIDs or digits.
 */
const REFERENCE_PART = /^[\x21-\x7E]{1,64}$/;

const digestOf = (value: string): string =>
  `sha256-${createHash("sha256").update(value, "utf8").digest("hex").slice(0, 32)}`;

/**
 * {@link scrubUntrustedText} for one account's secrets, prepared once per token. It holds pieces of the token,
 * so it hides itself from `util.inspect` and `JSON.stringify` like the vault does.
 */
export class Scrubber {
  readonly #secrets: SecretPieces;

  private constructor(secrets: SecretPieces) {
    this.#secrets = secrets;
  }

  /** A scrubber of these secrets (e.g. the `.vpptoken` content and the token inside it). */
  static of(secrets: ReadonlyArray<string>): Scrubber {
    return new Scrubber(secretPieces(secrets));
  }

  /** A scrubber that knows no secret: it still cleans and bounds. */
  static readonly none: Scrubber = new Scrubber(NO_SECRETS);

  /** Text from Apple, safe to store, log and show; see {@link scrubUntrustedText}. */
  text(value: string, max: number = UNTRUSTED_TEXT_MAX): string {
    return scrubUntrustedText(value, this.#secrets, max);
  }

  /**
   * An id from Apple as a part of a ledger reference: itself when it is short visible ASCII and carries no
   * secret, otherwise `sha256-` and 32 hex digits of its digest. Deterministic, so whoever reads the same id
   * (the status poller, a notification) derives the same command ids, and nothing secret or unbounded is stored.
   */
  reference(value: string): string {
    return REFERENCE_PART.test(value) && this.text(value, 64) === value ? value : digestOf(value);
  }

  /**
   * An id from Apple handed on (to a callback, a log): itself when {@link text} would leave it unchanged,
   * otherwise its digest as {@link reference} makes it. Never a cleaned copy: cleaning could turn an id
   * outside the grammar (`" 42"`) into one inside it (`"42"`).
   */
  id(value: string): string {
    return this.text(value) === value ? value : digestOf(value);
  }

  /** Hides the secrets from `util.inspect` and `console.log`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "Scrubber {}";
  }

  /** Hides the secrets from `JSON.stringify`. */
  toJSON(): Record<string, never> {
    return {};
  }
}
