/**
 * `GET client/config` (also a token check) and `POST client/config` (claim the location with mdmInfo, set the
 * notification URL). Setting a URL sends TEST_NOTIFICATION first; if it is not delivered the whole request is
 * rejected with 9728 and nothing changes.
 */

import { appleFailure } from "../errors.js";
import { failureReply, json } from "../http/reply.js";
import type { Location } from "../model/location.js";
import { parseClientConfig } from "../operations/client-config-request.js";
import { withCommon } from "./common.js";
import type { Route, TokenContext } from "./types.js";

const clientConfigBody = (location: Location) =>
  withCommon(location, {
    countryISO2ACode: location.countryISO2ACode,
    defaultPlatform: location.defaultPlatform,
    locationName: location.locationName,
    ...(location.notificationConfig === undefined
      ? {}
      : {
          notificationAuthToken: location.notificationConfig.authToken,
          notificationUrl: location.notificationConfig.url,
        }),
    subscribedNotificationTypes: location.subscribedNotificationTypes,
    websiteURL: location.websiteURL,
  });

const getClientConfig = ({ location }: TokenContext) => json(clientConfigBody(location));

const postClientConfig = async ({ sim, location, body }: TokenContext) => {
  const change = parseClientConfig(body, sim.options.limits);
  if (!change.ok) return failureReply(change.failure);
  const { mdmInfo, notification, notificationTypes } = change.value;
  if (notification !== undefined && notification !== null) {
    const delivered = await sim.notifier.sendTest(location.uId, notification);
    if (!delivered) return failureReply(appleFailure(9728, "TEST_NOTIFICATION got no 2xx answer."));
  }
  if (mdmInfo !== undefined) location.mdmInfo = mdmInfo;
  if (notification !== undefined) location.notificationConfig = notification ?? undefined;
  if (notificationTypes !== undefined) location.subscribedNotificationTypes = notificationTypes;
  return json(clientConfigBody(location));
};

/** The route. */
export const clientConfigRoute: Route = {
  kind: "token",
  path: "client/config",
  mainField: "locationName",
  methods: { GET: getClientConfig, POST: postClientConfig },
};
