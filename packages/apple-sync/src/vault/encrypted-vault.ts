import type { ByteStore } from "./byte-store.js";
import { VaultError } from "./errors.js";
import type { TokenVault } from "./port.js";
import { keyIdOf, open, seal, type VaultKey } from "./sealed-record.js";

export type { VaultKey } from "./sealed-record.js";

/** Options of {@link EncryptedTokenVault}. */
export interface EncryptedTokenVaultOptions {
  /** Where sealed records go. */
  readonly store: ByteStore;
  /** Seals every write. 32 bytes from a KMS or a secret manager; its id is written into each record. */
  readonly currentKey: VaultKey;
  /** Retired keys, still accepted for reads until {@link EncryptedTokenVault.rewrap} has moved every record. */
  readonly previousKeys?: ReadonlyArray<VaultKey>;
  /** Prefix of the byte-store keys (default `"vpp-stoken/"`). */
  readonly keyPrefix?: string;
}

const copyKey = (key: VaultKey): VaultKey => {
  if (key.key.byteLength !== 32) {
    throw new VaultError(
      "vault-key-invalid",
      `vault key "${key.id}" is ${key.key.byteLength} bytes; AES-256-GCM needs exactly 32 random bytes`,
    );
  }
  const idBytes = Buffer.byteLength(key.id, "utf8");
  if (idBytes === 0 || idBytes > 255) {
    throw new VaultError("vault-key-invalid", "a vault key id must be 1 to 255 bytes of UTF-8");
  }
  return Object.freeze({ id: key.id, key: Uint8Array.from(key.key) });
};

/**
 * A {@link TokenVault} that encrypts each token at rest with AES-256-GCM (random 96-bit IV per write, the
 * account id authenticated with it) over any {@link ByteStore}. Key rotation: configure the new key as
 * `currentKey`, keep the old one in `previousKeys`, call `rewrap` for each account, then drop the old key.
 */
export class EncryptedTokenVault implements TokenVault {
  readonly #store: ByteStore;
  readonly #current: VaultKey;
  readonly #keys: ReadonlyMap<string, VaultKey>;
  readonly #prefix: string;

  constructor(options: EncryptedTokenVaultOptions) {
    this.#store = options.store;
    this.#current = copyKey(options.currentKey);
    const keys = new Map<string, VaultKey>([[this.#current.id, this.#current]]);
    for (const previous of options.previousKeys ?? []) {
      if (keys.has(previous.id)) {
        throw new VaultError("vault-key-invalid", `vault key id "${previous.id}" is configured twice`);
      }
      keys.set(previous.id, copyKey(previous));
    }
    this.#keys = keys;
    this.#prefix = options.keyPrefix ?? "vpp-stoken/";
  }

  async put(accountId: string, sToken: string): Promise<void> {
    await this.#store.put(this.#prefix + accountId, seal(accountId, sToken, this.#current));
  }

  async get(accountId: string): Promise<string | undefined> {
    const record = await this.#store.get(this.#prefix + accountId);
    return record === undefined ? undefined : open(accountId, record, this.#keyFor(accountId, record));
  }

  async delete(accountId: string): Promise<void> {
    await this.#store.delete(this.#prefix + accountId);
  }

  /** Re-seals the account's token under the current key. True when a record was rewritten. */
  async rewrap(accountId: string): Promise<boolean> {
    const record = await this.#store.get(this.#prefix + accountId);
    if (record === undefined || keyIdOf(accountId, record) === this.#current.id) return false;
    await this.put(accountId, open(accountId, record, this.#keyFor(accountId, record)));
    return true;
  }

  #keyFor(accountId: string, record: Uint8Array): VaultKey {
    const keyId = keyIdOf(accountId, record);
    const key = this.#keys.get(keyId);
    if (!key) {
      throw new VaultError(
        "vault-unknown-key",
        `the stored token of account ${accountId} was sealed with key "${keyId}", which this vault does not ` +
          `have (configured: ${[...this.#keys.keys()].join(", ")}); add that key to previousKeys`,
      );
    }
    return key;
  }

  /** Keeps key material out of `util.inspect` and `console.log`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `EncryptedTokenVault { currentKey: "${this.#current.id}", keys: ${this.#keys.size} }`;
  }
}
