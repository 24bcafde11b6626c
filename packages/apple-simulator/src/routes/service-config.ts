/** `GET service/config`: URLs, limits, notification types and error codes. Needs no token. */
import { APPLE_ERROR_CODES } from "../errors.js";
import { json } from "../http/reply.js";
import { NOTIFICATION_TYPES } from "../notifications/types.js";
import type { PublicContext, Route } from "./types.js";

/** Apple's metadata lookup service, which the simulator does not serve. */
export const CONTENT_METADATA_LOOKUP_URL =
  "https://uclient-api.itunes.apple.com/WebObjects/MZStorePlatform.woa/wa/lookup";

/** The `urls` map, pointing at this simulator. */
export const serviceUrls = (baseUrl: string, invitationUrlTemplate: string): Record<string, string> => ({
  associateAssets: `${baseUrl}/assets/associate`,
  clientConfig: `${baseUrl}/client/config`,
  contentMetadataLookup: CONTENT_METADATA_LOOKUP_URL,
  createUsers: `${baseUrl}/users/create`,
  disassociateAssets: `${baseUrl}/assets/disassociate`,
  eventStatus: `${baseUrl}/status`,
  getAssets: `${baseUrl}/assets`,
  getAssignments: `${baseUrl}/assignments`,
  getUsers: `${baseUrl}/users`,
  invitationEmail: invitationUrlTemplate,
  retireUsers: `${baseUrl}/users/retire`,
  revokeAssets: `${baseUrl}/assets/revoke`,
  updateUsers: `${baseUrl}/users/update`,
});

const getServiceConfig = ({ sim }: PublicContext) =>
  json({
    errorCodes: APPLE_ERROR_CODES.map(({ errorMessage, errorNumber }) => ({ errorMessage, errorNumber })),
    limits: sim.options.limits,
    notificationTypes: NOTIFICATION_TYPES,
    urls: serviceUrls(sim.baseUrl, sim.options.invitationUrlTemplate),
  });

/** The route. */
export const serviceConfigRoute: Route = {
  kind: "public",
  path: "service/config",
  mainField: "limits",
  methods: { GET: getServiceConfig },
};
