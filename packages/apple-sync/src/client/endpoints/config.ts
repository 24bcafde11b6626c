import { ClientConfigRequest, ClientConfigResponse, type NotificationType } from "../codecs/client-config.js";
import { MdmInfo } from "../codecs/common.js";
import { MdmConflictError } from "../errors.js";
import { call } from "../http/caller.js";
import { currentScrubber } from "../http/token-source.js";
import type { ClientInternals } from "../internals.js";
import type { OwnershipState } from "../ownership.js";
import { scrubResponse } from "../scrub-response.js";
import { requireThat, validateRequest } from "../validate.js";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Apple delivers only to HTTPS (9712) and wants a host and a path, nothing else. Plain HTTP to a loopback host
 * is let through for local simulators; Apple itself would refuse it.
 */
const isDeliverableUrl = (value: string): boolean => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const bare = url.search === "" && url.hash === "" && url.username === "" && url.password === "";
  return (
    bare && (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)))
  );
};

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

const withSignal = (options: CallOptions | undefined) => (options?.signal ? { signal: options.signal } : {});

/** GET client/config: the location's settings; also the cheapest way to check that a token works. */
export const getClientConfig = (
  client: ClientInternals,
  options?: CallOptions,
): Promise<ClientConfigResponse> =>
  call(client.ctx, {
    method: "GET",
    path: "client/config",
    codec: ClientConfigResponse,
    authenticated: true,
    ...withSignal(options),
  });

/** POST client/config after checking it against Apple's live length limits (9711–9713, 9724, 9725). */
export const updateClientConfig = async (
  client: ClientInternals,
  request: ClientConfigRequest,
  options?: CallOptions & { readonly bypassOwnership?: boolean; readonly rawMdmInfo?: boolean },
): Promise<ClientConfigResponse> => {
  const endpoint = "POST client/config";
  const body = validateRequest(ClientConfigRequest, request, endpoint);
  const { limits } = await client.serviceConfig.get(options?.signal);
  if (body.mdmInfo) {
    const { id, name, metadata } = body.mdmInfo;
    requireThat(
      id.length > 0 && id.length <= limits.maxMdmIdLength,
      endpoint,
      `mdmInfo.id must be 1 to ${limits.maxMdmIdLength} characters`,
    );
    requireThat(
      name.length > 0 && name.length <= limits.maxMdmNameLength,
      endpoint,
      `mdmInfo.name must be 1 to ${limits.maxMdmNameLength} characters`,
    );
    requireThat(
      metadata.length <= limits.maxMdmMetadataLength,
      endpoint,
      `mdmInfo.metadata must be at most ${limits.maxMdmMetadataLength} characters`,
    );
  }
  requireThat(
    (body.notificationUrl === undefined) === (body.notificationAuthToken === undefined),
    endpoint,
    "notificationUrl and notificationAuthToken go together: set both or neither",
  );
  if (body.notificationUrl !== undefined && body.notificationAuthToken !== undefined) {
    requireThat(
      isDeliverableUrl(body.notificationUrl),
      endpoint,
      "notificationUrl must be an https URL with only a host and a path (http only to a loopback test server)",
    );
    requireThat(
      body.notificationUrl.length <= limits.maxNotificationLength,
      endpoint,
      `notificationUrl must be at most ${limits.maxNotificationLength} characters`,
    );
    requireThat(
      body.notificationAuthToken.length > 0 &&
        body.notificationAuthToken.length <= limits.maxNotificationLength,
      endpoint,
      `notificationAuthToken must be 1 to ${limits.maxNotificationLength} characters`,
    );
  }
  return call(client.ctx, {
    method: "POST",
    path: "client/config",
    body,
    codec: ClientConfigResponse,
    authenticated: true,
    bypassOwnership: options?.bypassOwnership ?? false,
    rawMdmInfo: options?.rawMdmInfo ?? false,
    ...withSignal(options),
  });
};

/** Who holds the location now, without latching or throwing on a conflict: for an admin screen. */
export const inspectOwnership = async (
  client: ClientInternals,
  options?: CallOptions,
): Promise<OwnershipState> => {
  const config = await call(client.ctx, {
    method: "GET",
    path: "client/config",
    codec: ClientConfigResponse,
    authenticated: true,
    bypassOwnership: true,
    rawMdmInfo: true,
    ...withSignal(options),
  });
  const scrubber = await currentScrubber(client.ctx.tokens);
  const holder = client.ownership.classify(config.mdmInfo, scrubber);
  // Apple's text: kept as is when clean, else as a digest that still compares equal for the same value.
  return config.uId === undefined ? holder : { ...holder, uId: scrubber.id(config.uId) };
};

/** Options of `claimLocation`. */
export interface ClaimOptions extends CallOptions {
  /**
   * Overwrite another MDM's claim. Only on an admin's explicit confirmation: the other product may be
   * actively managing the location (Apple: "only one device management service should manage a location").
   */
  readonly takeOver?: boolean;
}

/**
 * Writes this server's `mdmInfo` on the location (POST client/config). Refuses with
 * {@link MdmConflictError} when another MDM holds it, unless `takeOver` is set; does nothing when the
 * location already carries exactly this identity. Clears a latched conflict once the claim is confirmed.
 */
export const claimLocation = async (
  client: ClientInternals,
  mdmInfo: MdmInfo | undefined,
  options?: ClaimOptions,
): Promise<ClientConfigResponse> => {
  const endpoint = "POST client/config";
  const identity = validateRequest(MdmInfo, mdmInfo ?? client.ownership.mdmInfo, endpoint);
  const guarded = client.ownership.mdmInfo;
  requireThat(
    guarded === undefined || guarded.id === identity.id,
    endpoint,
    `this client guards mdmInfo.id ${guarded?.id}; claim with that id or create a client for the new identity`,
  );
  const current = await call(client.ctx, {
    method: "GET",
    path: "client/config",
    codec: ClientConfigResponse,
    authenticated: true,
    bypassOwnership: true,
    rawMdmInfo: true,
    ...withSignal(options),
  });
  // Compared as Apple sent them; scrubbed before anything is returned or thrown.
  const scrubber = await currentScrubber(client.ctx.tokens);
  const holder = client.ownership.classify(current.mdmInfo, scrubber, identity.id);
  if (holder.state === "other" && !options?.takeOver) {
    throw new MdmConflictError(holder.mdmInfo, identity.id, { endpoint });
  }
  const unchanged =
    holder.state === "ours" &&
    current.mdmInfo?.name === identity.name &&
    (current.mdmInfo?.metadata ?? "") === identity.metadata;
  const result = unchanged
    ? current
    : await updateClientConfig(
        client,
        { mdmInfo: identity },
        { ...options, bypassOwnership: true, rawMdmInfo: true },
      );
  if (result.mdmInfo?.id !== identity.id) {
    const written = client.ownership.classify(result.mdmInfo, scrubber, identity.id);
    const holderNow = written.state === "unclaimed" ? { id: "(none)" } : written.mdmInfo;
    throw new MdmConflictError(holderNow, identity.id, { endpoint });
  }
  client.ownership.clear();
  return scrubResponse(result, scrubber);
};

/** Where and how Apple should deliver notifications for this location. */
export interface NotificationSettings {
  /** HTTPS, host and path only. Apple sends a TEST_NOTIFICATION there and rejects the config if it fails. */
  readonly url: string;
  /** Apple sends it back as `Authorization: Bearer <authToken>`; keep it secret and random. */
  readonly authToken: string;
  readonly types: ReadonlyArray<NotificationType>;
}

/** Subscribes the location to notifications (POST client/config). */
export const configureNotifications = (
  client: ClientInternals,
  settings: NotificationSettings,
  options?: CallOptions,
): Promise<ClientConfigResponse> =>
  updateClientConfig(
    client,
    {
      notificationUrl: settings.url,
      notificationAuthToken: settings.authToken,
      notificationTypes: [...settings.types],
    },
    options,
  );
