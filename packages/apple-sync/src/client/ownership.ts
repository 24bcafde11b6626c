import type { MdmInfo, ResponseMdmInfo } from "./codecs/common.js";
import { MdmConflictError } from "./errors.js";
import type { ClientObserver } from "./observer.js";

/** Who holds a location, from this server's point of view. */
export type OwnershipState =
  | { readonly state: "unclaimed" }
  | { readonly state: "ours"; readonly mdmInfo: ResponseMdmInfo }
  | { readonly state: "other"; readonly mdmInfo: ResponseMdmInfo };

/**
 * Rules R6/R8: checks `mdmInfo` on every response that carries it. The first response naming another MDM
 * latches a conflict: the callback fires once, that call and every later one throw {@link MdmConflictError}
 * without reaching Apple, until a confirmed takeover clears it.
 */
export class OwnershipGuard {
  #conflict: MdmConflictError | undefined;

  constructor(
    private readonly identity: MdmInfo | undefined,
    private readonly onConflict: ((conflict: MdmConflictError) => void) | undefined,
    private readonly observer: ClientObserver | undefined,
  ) {}

  /** This server's identity, if the client was given one. */
  get mdmInfo(): MdmInfo | undefined {
    return this.identity;
  }

  /** The latched conflict, if another MDM was seen. */
  get conflict(): MdmConflictError | undefined {
    return this.#conflict;
  }

  /** Classifies an `mdmInfo` without latching anything. */
  classify(mdmInfo: ResponseMdmInfo | undefined, identityId = this.identity?.id): OwnershipState {
    if (mdmInfo === undefined) return { state: "unclaimed" };
    return mdmInfo.id === identityId ? { state: "ours", mdmInfo } : { state: "other", mdmInfo };
  }

  /** Throws the latched conflict, if any: no Apple call is made while another MDM holds the location. */
  assertUsable(): void {
    if (this.#conflict) throw this.#conflict;
  }

  /** Checks one response's `mdmInfo`; latches and throws on a conflict. */
  observe(mdmInfo: ResponseMdmInfo | undefined, endpoint: string): void {
    if (!this.identity || mdmInfo === undefined || mdmInfo.id === this.identity.id) return;
    const conflict = new MdmConflictError(mdmInfo, this.identity.id, { endpoint });
    const first = this.#conflict === undefined;
    this.#conflict = conflict;
    if (first) {
      this.observer?.({ type: "mdm-conflict", endpoint, holderId: mdmInfo.id });
      try {
        this.onConflict?.(conflict);
      } catch {
        // The conflict is thrown below whatever the callback does; a failing alert must not mask it.
      }
    }
    throw conflict;
  }

  /** Forgets the conflict after this server has re-claimed the location. */
  clear(): void {
    this.#conflict = undefined;
  }
}
