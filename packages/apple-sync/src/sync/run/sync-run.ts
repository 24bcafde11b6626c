import {
  type CallContext,
  type DomainError,
  isDomainError,
  type LicenseCommand,
  type LicenseEvent,
  type LicenseState,
  type VppAccountCommand,
  type VppAccountEvent,
  type VppAccountState,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import type { CallOptions } from "../../client/endpoints/config.js";
import { LedgerStepFailed } from "../failure.js";
import type { SyncDeps, SyncRequest } from "./types.js";

/** The command id of a sync's step: deterministic, so a re-run with the same syncId finds what it wrote. */
export const syncCommandId = (syncId: string, step: string): string => `${syncId}:${step}`;

/**
 * One running sync: its request, the account state it started from, and the ledger commands it sends, each
 * under a deterministic id and counted when it wrote events (the report's `changes`).
 */
export class SyncRun {
  #changes = 0;

  constructor(
    readonly deps: SyncDeps,
    readonly request: SyncRequest,
    /** The account when the sync started: who our users are and their terms status. */
    readonly accountState: VppAccountState,
    readonly callOptions: CallOptions,
  ) {}

  /** Events this run appended, SyncStarted and the final event excluded. */
  get changes(): number {
    return this.#changes;
  }

  /** The context of one step's command: its deterministic id, the sync as actor and correlation (R18). */
  context(step: string): CallContext {
    const { syncId } = this.request;
    return {
      commandId: syncCommandId(syncId, step),
      actor: { kind: "apple-sync", id: syncId },
      correlationId: syncId,
      causationId: syncCommandId(syncId, "start"),
    };
  }

  /** Sends a command to the account stream; a `Left` is thrown as {@link LedgerStepFailed}. */
  async account(command: VppAccountCommand, step: string): Promise<ReadonlyArray<VppAccountEvent>> {
    const result = await this.deps.ledger.account(this.request.tenantId, command, this.context(step));
    if (E.isLeft(result)) throw new LedgerStepFailed(step, result.left);
    if (result.right.written) this.#changes += result.right.events.length;
    return result.right.events;
  }

  /** Sends a command to one license pool and returns the pool's state after it. */
  async license(adamId: string, command: LicenseCommand, step: string): Promise<LicenseResult> {
    const result = await this.licenseOrRefused(adamId, command, step);
    if (E.isLeft(result)) throw new LedgerStepFailed(step, result.left);
    return result.right;
  }

  /**
   * Sends a command to one license pool whose refusal is an answer the step expects (a `Left` with the domain
   * error); a ledger failure (storage, conflict) is still thrown as {@link LedgerStepFailed}.
   */
  async licenseOrRefused(
    adamId: string,
    command: LicenseCommand,
    step: string,
  ): Promise<E.Either<DomainError, LicenseResult>> {
    const result = await this.deps.ledger.license(this.request.tenantId, adamId, command, this.context(step));
    if (E.isLeft(result)) {
      if (isDomainError(result.left)) return E.left(result.left);
      throw new LedgerStepFailed(step, result.left);
    }
    if (result.right.written) this.#changes += result.right.events.length;
    return E.right({ events: result.right.events, state: result.right.state });
  }
}

/** A license command's events and the pool's state after it. */
export interface LicenseResult {
  readonly events: ReadonlyArray<LicenseEvent>;
  readonly state: LicenseState;
}
