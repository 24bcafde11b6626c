import { tokenFingerprint } from "../../vault/fingerprint.js";
import type { TokenVault } from "../../vault/port.js";
import type { Clock } from "../clock.js";
import { AppleApiError } from "../errors.js";

/** The token and what may be said about it: its fingerprint, and every secret form to redact. */
export interface CurrentToken {
  readonly sToken: string;
  readonly fingerprint: string;
  /** The sToken and the raw token inside it: both are redacted from any text Apple sends back. */
  readonly secrets: ReadonlyArray<string>;
}

const innerToken = (sToken: string): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(sToken, "base64").toString("utf8"));
    const token =
      typeof parsed === "object" && parsed !== null ? (parsed as { token?: unknown }).token : undefined;
    return typeof token === "string" ? token : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Reads the account's sToken from the vault and keeps it for `ttlMs`, so a renewed token is picked up within
 * that time without a vault read per request. `reload` re-reads at once (after Apple rejects a token).
 */
export class TokenSource {
  #cached: { readonly token: CurrentToken; readonly readAt: number } | undefined;

  constructor(
    private readonly vault: TokenVault,
    private readonly accountId: string,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** The current token; throws `token-missing` when the vault has none. */
  async get(): Promise<CurrentToken> {
    const cached = this.#cached;
    if (cached && this.clock.now() - cached.readAt < this.ttlMs) return cached.token;
    return this.reload();
  }

  /** Re-reads the vault, bypassing the cache. */
  async reload(): Promise<CurrentToken> {
    const sToken = await this.vault.get(this.accountId);
    if (sToken === undefined || sToken === "") {
      this.#cached = undefined;
      throw new AppleApiError(
        "token-missing",
        `no content token is stored for account ${this.accountId}: upload the location's .vpptoken file`,
      );
    }
    const inner = innerToken(sToken);
    const token: CurrentToken = {
      sToken,
      fingerprint: tokenFingerprint(sToken),
      secrets: inner === undefined ? [sToken] : [sToken, inner],
    };
    this.#cached = { token, readAt: this.clock.now() };
    return token;
  }
}
