import { Scrubber } from "../../untrusted/scrubber.js";
import { tokenFingerprint } from "../../vault/fingerprint.js";
import type { TokenVault } from "../../vault/port.js";
import type { Clock } from "../clock.js";
import { AppleApiError } from "../errors.js";

/** The token and what may be said about it: its fingerprint, and the scrubber of any text Apple sends back. */
export interface CurrentToken {
  readonly sToken: string;
  readonly fingerprint: string;
  /** Removes the sToken and the raw token inside it, in every form, from text Apple sends back. */
  readonly scrubber: Scrubber;
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

/** The token file and the token inside it, for each token given. */
const scrubberOf = (...sTokens: ReadonlyArray<string>): Scrubber =>
  Scrubber.of(sTokens.flatMap((sToken) => [sToken, innerToken(sToken) ?? ""]));

/** The scrubber of whatever token the vault holds now; with none stored there is no secret to remove. */
export const currentScrubber = async (tokens: TokenSource): Promise<Scrubber> => {
  try {
    return (await tokens.get()).scrubber;
  } catch (error) {
    if (error instanceof AppleApiError && error.code === "token-missing") return Scrubber.none;
    throw error;
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
    const previous = this.#cached?.token;
    const token: CurrentToken =
      previous?.sToken === sToken
        ? previous // Same token: its scrubber's pieces are already prepared.
        : {
            sToken,
            fingerprint: tokenFingerprint(sToken),
            // The replaced token stays a secret too: an answer to a call sent with it may still arrive.
            scrubber: previous ? scrubberOf(sToken, previous.sToken) : scrubberOf(sToken),
          };
    this.#cached = { token, readAt: this.clock.now() };
    return token;
  }
}
