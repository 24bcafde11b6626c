import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { VaultError } from "./errors.js";

/**
 * Binary layout of one sealed token (version 1):
 * `0x01 | keyIdLength (1 byte) | keyId (UTF-8) | iv (12 bytes) | tag (16 bytes) | ciphertext`.
 * The account id, format version and key id are authenticated as additional data, so a record copied to
 * another account, or relabelled with another key id, fails to open instead of yielding someone else's token.
 */
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A key the host supplies: 32 random bytes and the id that names it in every record it seals. */
export interface VaultKey {
  readonly id: string;
  readonly key: Uint8Array;
}

const additionalData = (accountId: string, keyId: string): Buffer =>
  Buffer.from(`vpp-ledger/sToken/v${FORMAT_VERSION}\u0000${accountId}\u0000${keyId}`, "utf8");

/** Encrypts `plaintext` with AES-256-GCM under a fresh random IV. */
export const seal = (accountId: string, plaintext: string, key: VaultKey): Uint8Array => {
  const keyId = Buffer.from(key.id, "utf8");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(accountId, key.id));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([
    Buffer.from([FORMAT_VERSION, keyId.length]),
    keyId,
    iv,
    cipher.getAuthTag(),
    ciphertext,
  ]);
};

/** Reads the key id a record was sealed with, checking the layout. */
export const keyIdOf = (accountId: string, record: Uint8Array): string => {
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  const keyIdLength = bytes[1] ?? 0;
  if (bytes[0] !== FORMAT_VERSION || bytes.length < 2 + keyIdLength + IV_BYTES + TAG_BYTES) {
    throw new VaultError(
      "vault-record-corrupt",
      `the stored token of account ${accountId} is not a sealed record this vault can read (format ` +
        `${bytes[0] ?? "none"}, ${bytes.length} bytes); upload the token again`,
    );
  }
  return bytes.subarray(2, 2 + keyIdLength).toString("utf8");
};

/** Decrypts and authenticates a record sealed by {@link seal} for this account. */
export const open = (accountId: string, record: Uint8Array, key: VaultKey): string => {
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  const start = 2 + (bytes[1] ?? 0);
  const iv = bytes.subarray(start, start + IV_BYTES);
  const tag = bytes.subarray(start + IV_BYTES, start + IV_BYTES + TAG_BYTES);
  const ciphertext = bytes.subarray(start + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(accountId, key.id));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch (cause) {
    throw new VaultError(
      "vault-decrypt-failed",
      `the stored token of account ${accountId} failed authentication under key "${key.id}": either the record ` +
        "was altered (or copied from another account) or the key configured under that id is not the one it " +
        "was sealed with; check the vault key configuration, else upload the token again",
      { cause },
    );
  }
};
