import type { Scrubber } from "../untrusted/scrubber.js";
import type { GetAssetsQuery } from "./codecs/assets.js";
import type { GetAssignmentsQuery } from "./codecs/assignments.js";
import type { ClientConfigRequest, ClientConfigResponse } from "./codecs/client-config.js";
import type { MdmInfo } from "./codecs/common.js";
import type { ManageAssetsRequest, RevokeAssetsRequest } from "./codecs/manage.js";
import type { ServiceConfig } from "./codecs/service-config.js";
import type { StatusResponse } from "./codecs/status.js";
import type { GetUsersQuery, RequestUser } from "./codecs/users.js";
import * as config from "./endpoints/config.js";
import * as manage from "./endpoints/manage.js";
import * as reads from "./endpoints/reads.js";
import type { MdmConflictError } from "./errors.js";
import { currentScrubber } from "./http/token-source.js";
import { type AppleClientOptions, assembleClient, type ClientInternals } from "./internals.js";
import { type WaitForOperationOptions, waitForOperation } from "./operations.js";
import type { OwnershipState } from "./ownership.js";

type CallOptions = config.CallOptions;

/**
 * Client of Apple's App and Book Management API v2 for one VPP account (one location, one sToken).
 *
 * Every call reads the token from the vault, stays under Apple's requests-per-second limit, retries what may
 * succeed later within a deadline, decodes the response strictly enough to name a missing field, and checks
 * `mdmInfo` so that another MDM on the location stops the client (R6/R8). Paged reads stream pages; manage
 * calls are chunked by Apple's live limits and return the operations to await.
 */
export class AppleClient {
  readonly #client: ClientInternals;

  constructor(options: AppleClientOptions) {
    this.#client = assembleClient(options);
  }

  /** GET service/config (no token), cached and refreshed at most every five minutes. */
  serviceConfig(options?: CallOptions): Promise<ServiceConfig> {
    return this.#client.serviceConfig.get(options?.signal);
  }

  /** GET client/config: location settings; validates the token. */
  getClientConfig(options?: CallOptions): Promise<ClientConfigResponse> {
    return config.getClientConfig(this.#client, options);
  }

  /** POST client/config, checked against Apple's live length limits first. */
  updateClientConfig(request: ClientConfigRequest, options?: CallOptions): Promise<ClientConfigResponse> {
    return config.updateClientConfig(this.#client, request, options);
  }

  /** Writes this server's `mdmInfo` on the location; refuses to overwrite another MDM without `takeOver`. */
  claimLocation(mdmInfo?: MdmInfo, options?: config.ClaimOptions): Promise<ClientConfigResponse> {
    return config.claimLocation(this.#client, mdmInfo, options);
  }

  /** Who holds the location, and its `uId`, without throwing on a conflict. */
  inspectOwnership(options?: CallOptions): Promise<OwnershipState> {
    return config.inspectOwnership(this.#client, options);
  }

  /**
   * The scrubber of this account's token (the one in the vault now, and the one it replaced): what the sync
   * and the notification handlers pass Apple's text and ids through before they reach an event, a log or an
   * error. Reads the vault like any call (cached); with no token stored it only cleans and bounds.
   */
  scrubber(): Promise<Scrubber> {
    return currentScrubber(this.#client.ctx.tokens);
  }

  /** The latched ownership conflict, if another MDM was seen; every call refuses while it is set. */
  get ownershipConflict(): MdmConflictError | undefined {
    return this.#client.ownership.conflict;
  }

  /** Subscribes the location to notifications. */
  configureNotifications(
    settings: config.NotificationSettings,
    options?: CallOptions,
  ): Promise<ClientConfigResponse> {
    return config.configureNotifications(this.#client, settings, options);
  }

  /** Streams GET assets page by page (at most 5 pages in flight). */
  assets(query?: GetAssetsQuery, options?: CallOptions): AsyncIterable<reads.AssetsPage> {
    return reads.assets(this.#client, query, options);
  }

  /** Streams GET assignments page by page; pass `sinceVersionId` for an incremental read. */
  assignments(query?: GetAssignmentsQuery, options?: CallOptions): AsyncIterable<reads.AssignmentsPage> {
    return reads.assignments(this.#client, query, options);
  }

  /** Streams GET users page by page; pass `sinceVersionId` for an incremental read. */
  users(query?: GetUsersQuery, options?: CallOptions): AsyncIterable<reads.UsersPage> {
    return reads.users(this.#client, query, options);
  }

  /** POST assets/associate, chunked; one operation per chunk. */
  associateAssets(request: ManageAssetsRequest, options?: CallOptions) {
    return manage.associateAssets(this.#client, request, options);
  }

  /** POST assets/disassociate, chunked; one operation per chunk. */
  disassociateAssets(request: ManageAssetsRequest, options?: CallOptions) {
    return manage.disassociateAssets(this.#client, request, options);
  }

  /** POST assets/revoke, chunked; one operation per chunk. */
  revokeAssets(request: RevokeAssetsRequest, options?: CallOptions) {
    return manage.revokeAssets(this.#client, request, options);
  }

  /** POST users/create, chunked by `maxUsers`. */
  createUsers(users: ReadonlyArray<RequestUser>, options?: CallOptions) {
    return manage.createUsers(this.#client, users, options);
  }

  /** POST users/update, chunked by `maxUsers`. */
  updateUsers(users: ReadonlyArray<RequestUser>, options?: CallOptions) {
    return manage.updateUsers(this.#client, users, options);
  }

  /** POST users/retire, chunked by `maxUsers`. */
  retireUsers(clientUserIds: ReadonlyArray<string>, options?: CallOptions) {
    return manage.retireUsers(this.#client, clientUserIds, options);
  }

  /** GET status?eventId=: the state of the Apple operation `operationId` (Apple's `eventId`). */
  operationStatus(operationId: string, options?: CallOptions): Promise<StatusResponse> {
    return manage.operationStatus(this.#client, operationId, options);
  }

  /** Polls GET status until the operation leaves PENDING (default every 30 s, Apple's minimum; 10 min timeout). */
  async waitForOperation(operationId: string, options?: WaitForOperationOptions): Promise<StatusResponse> {
    // The timeout's message names the operation's id: as a reference, so no token or megabyte rides in it.
    const scrubber = await this.scrubber();
    return waitForOperation(
      operationId,
      (id, signal) => manage.operationStatus(this.#client, id, signal ? { signal } : undefined),
      this.#client.clock,
      options,
      (id) => scrubber.reference(id),
    );
  }

  /** Keeps internals (and the vault behind them) out of `util.inspect` output. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "AppleClient {}";
  }
}

/** Creates an {@link AppleClient}. */
export const createAppleClient = (options: AppleClientOptions): AppleClient => new AppleClient(options);
