import type { Scrubber } from "../untrusted/scrubber.js";
import type { MdmInfo, ResponseMdmInfo } from "./codecs/common.js";
import { MdmConflictError } from "./errors.js";
import type { ClientObserver } from "./observer.js";
import { scrubMdmInfo } from "./scrub-response.js";

/** Who holds a location, from this server's point of view. */
export type OwnershipState = (
  | { readonly state: "unclaimed" }
  | { readonly state: "ours"; readonly mdmInfo: ResponseMdmInfo }
  | { readonly state: "other"; readonly mdmInfo: ResponseMdmInfo }
) & {
  /** The location's `uId` (Apple's identity of it; its name is for display), when Apple sent one. */
  readonly uId?: string;
};

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

  /** Classifies an `mdmInfo` as Apple sent it, without latching anything; the state names it scrubbed. */
  classify(
    mdmInfo: ResponseMdmInfo | undefined,
    scrubber: Scrubber,
    identityId = this.identity?.id,
  ): OwnershipState {
    if (mdmInfo === undefined) return { state: "unclaimed" };
    const scrubbed = scrubMdmInfo(mdmInfo, scrubber);
    return mdmInfo.id === identityId
      ? { state: "ours", mdmInfo: scrubbed }
      : { state: "other", mdmInfo: scrubbed };
  }

  /** Throws the latched conflict, if any: no Apple call is made while another MDM holds the location. */
  assertUsable(): void {
    if (this.#conflict) throw this.#conflict;
  }

  /**
   * Checks one response's `mdmInfo` as Apple sent it; latches and throws on a conflict. The holder the
   * conflict names (in its message, its `holder` and what the observer is told) is scrubbed first: another
   * product wrote those fields, and Apple echoes them.
   */
  observe(mdmInfo: ResponseMdmInfo | undefined, endpoint: string, scrubber: Scrubber): void {
    if (!this.identity || mdmInfo === undefined || mdmInfo.id === this.identity.id) return;
    const holder = scrubMdmInfo(mdmInfo, scrubber);
    const conflict = new MdmConflictError(holder, this.identity.id, { endpoint });
    const first = this.#conflict === undefined;
    this.#conflict = conflict;
    if (first) {
      this.observer?.({ type: "mdm-conflict", endpoint, holderId: holder.id });
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
