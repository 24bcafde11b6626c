/** Stable codes of vault failures. */
export type VaultErrorCode =
  | "vault-key-invalid"
  | "vault-unknown-key"
  | "vault-decrypt-failed"
  | "vault-record-corrupt";

/**
 * A vault could not store or read a token. Messages name the account and key id, never key material or the
 * token.
 */
export class VaultError extends Error {
  readonly code: VaultErrorCode;
  constructor(code: VaultErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "VaultError";
    this.code = code;
  }
}

/** Recognises a {@link VaultError} (optionally of one code) structurally. */
export const isVaultError = <C extends VaultErrorCode>(
  value: unknown,
  code?: C,
): value is VaultError & { readonly code: C } =>
  value instanceof Error &&
  (value as { name?: unknown }).name === "VaultError" &&
  (code === undefined || (value as { code?: unknown }).code === code);
