export {
  ELLIPSIS,
  REDACTED,
  SECRET_PIECE_LENGTH,
  type SecretPieces,
  scrubUntrustedText,
  secretPieces,
  UNTRUSTED_TEXT_MAX,
} from "./scrub.js";
export { Scrubber } from "./scrubber.js";
