import type { TokenVault } from "./port.js";

/** A vault that keeps tokens in process memory only: for tests, demos and hosts that inject tokens at boot. */
export class InMemoryTokenVault implements TokenVault {
  readonly #tokens = new Map<string, string>();

  async put(accountId: string, sToken: string): Promise<void> {
    this.#tokens.set(accountId, sToken);
  }

  async get(accountId: string): Promise<string | undefined> {
    return this.#tokens.get(accountId);
  }

  async delete(accountId: string): Promise<void> {
    this.#tokens.delete(accountId);
  }

  /** Hides the tokens from `util.inspect` and `console.log`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `InMemoryTokenVault { ${this.#tokens.size} token(s) }`;
  }

  /** Hides the tokens from `JSON.stringify`. */
  toJSON(): { readonly tokens: number } {
    return { tokens: this.#tokens.size };
  }
}
