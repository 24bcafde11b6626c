/**
 * Where content tokens (sTokens) live, one per VPP account. The client reads the token through this port for
 * each call and never copies it into errors, logs or events. Implementations must treat the token as a secret
 * at rest (see {@link EncryptedTokenVault}).
 */
export interface TokenVault {
  /** Stores (or replaces, on renewal) the account's token. */
  put(accountId: string, sToken: string): Promise<void>;
  /** The account's token, or undefined when none is stored. */
  get(accountId: string): Promise<string | undefined>;
  /** Forgets the account's token. Deleting a missing token is not an error. */
  delete(accountId: string): Promise<void>;
}
