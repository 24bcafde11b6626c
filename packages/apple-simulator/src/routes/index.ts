import { assetsRoute } from "./assets.js";
import { assignmentsRoute } from "./assignments.js";
import { clientConfigRoute } from "./client-config.js";
import { manageAssetsRoutes } from "./manage-assets.js";
import { manageUsersRoutes } from "./manage-users.js";
import { serviceConfigRoute } from "./service-config.js";
import { statusRoute } from "./status.js";
import type { Route } from "./types.js";
import { usersRoute } from "./users.js";

/** Every v2 endpoint the simulator serves, by path relative to the base URL. */
export const ROUTES: ReadonlyMap<string, Route> = new Map(
  [
    serviceConfigRoute,
    clientConfigRoute,
    assetsRoute,
    assignmentsRoute,
    usersRoute,
    statusRoute,
    ...manageAssetsRoutes,
    ...manageUsersRoutes,
  ].map((route) => [route.path, route]),
);
