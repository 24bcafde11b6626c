export { type ByteStore, InMemoryByteStore } from "./byte-store.js";
export { EncryptedTokenVault, type EncryptedTokenVaultOptions, type VaultKey } from "./encrypted-vault.js";
export { isVaultError, VaultError, type VaultErrorCode } from "./errors.js";
export { tokenFingerprint } from "./fingerprint.js";
export { InMemoryTokenVault } from "./memory-vault.js";
export type { TokenVault } from "./port.js";
