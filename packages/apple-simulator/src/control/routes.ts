/**
 * The simulator's own control endpoints under `/_sim/` (for the CLI and for hosts that drive a standalone
 * simulator over HTTP). They mirror the test API of {@link SimLocation}; locations are named by fingerprint.
 */
import type { SimulatorContext } from "../context.js";
import type { FaultSpec } from "../faults.js";
import type { AssetSpec, PricingParam } from "../model/assets.js";
import type { Location, LocationSpec } from "../model/location.js";
import { SimulatorSetupError } from "../model/setup-error.js";
import type { ForeignAssignmentSpec, ForeignUserSpec } from "../sim-location.js";
import type { MdmInfo } from "../wire.js";
import type { ControlRoute } from "./control-route.js";
import { REALISM_CONTROL_ROUTES } from "./realism-routes.js";

const location = (sim: SimulatorContext, fingerprint: string | undefined): Location =>
  sim.locations.requireFingerprint(fingerprint ?? "");

const summary = (loc: Location) => ({
  fingerprint: loc.fingerprint,
  uId: loc.uId,
  orgName: loc.orgName,
  locationName: loc.locationName,
});

/** Finds the one location where `clientUserId` is an active user. */
const locationOfUser = (sim: SimulatorContext, clientUserId: string): Location => {
  const holders = sim.locations.list().filter((loc) => loc.users.active(clientUserId) !== undefined);
  const [only, ...others] = holders;
  if (only === undefined)
    throw new SimulatorSetupError("SIM_UNKNOWN_USER", `No active user ${clientUserId}.`);
  if (others.length > 0) {
    throw new SimulatorSetupError(
      "SIM_AMBIGUOUS_USER",
      `${clientUserId} exists in several locations; use /_sim/locations/:fingerprint/users/:id/accept.`,
    );
  }
  return only;
};

const LOC = "/_sim/locations/([0-9a-f]{12})";

/** Every control route. */
export const CONTROL_ROUTES: readonly ControlRoute[] = [
  {
    method: "GET",
    pattern: /^\/_sim\/locations$/,
    run: (sim) => ({ locations: sim.locations.list().map(summary) }),
  },
  {
    method: "POST",
    pattern: /^\/_sim\/locations$/,
    run: (sim, _params, body) => {
      const loc = sim.locations.add(body as LocationSpec);
      // The caller creates the location, so it gets its token: that is the point of the endpoint.
      return { ...summary(loc), sToken: loc.sToken, vppTokenFile: loc.vppTokenFile() };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^${LOC}/state$`),
    run: (sim, [fp]) => sim.handle(location(sim, fp)).state(),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/assets$`),
    run: (sim, [fp], body) => sim.handle(location(sim, fp)).addAsset(body as AssetSpec),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/assets/([^/]+)/count$`),
    run: (sim, [fp, adamId], body) => {
      const { totalCount, notify, pricingParam } = body as {
        totalCount: number;
        notify?: boolean;
        pricingParam?: PricingParam;
      };
      return sim.handle(location(sim, fp)).setTotalCount(adamId ?? "", totalCount, {
        notify: notify ?? true,
        ...(pricingParam ? { pricingParam } : {}),
      });
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/users$`),
    run: (sim, [fp], body) => sim.handle(location(sim, fp)).addForeignUser(body as ForeignUserSpec),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/assignments$`),
    run: (sim, [fp], body) =>
      sim.handle(location(sim, fp)).addForeignAssignment(body as ForeignAssignmentSpec),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/users/([^/]+)/accept$`),
    run: (sim, [fp, id], _body) => sim.handle(location(sim, fp)).acceptInvitation(id ?? ""),
  },
  {
    method: "POST",
    pattern: /^\/_sim\/users\/([^/]+)\/accept$/,
    run: (sim, [id]) => sim.handle(locationOfUser(sim, id ?? "")).acceptInvitation(id ?? ""),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/mdm-info$`),
    run: (sim, [fp], body) => {
      sim.handle(location(sim, fp)).setMdmInfo(body as MdmInfo);
      return { ok: true };
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/error-messages$`),
    run: (sim, [fp], body) => {
      const { errorNumber, errorMessage } = body as { errorNumber: number; errorMessage?: string };
      sim.handle(location(sim, fp)).setErrorMessage(errorNumber, errorMessage);
      return { ok: true };
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${LOC}/(revoke|expire)$`),
    run: (sim, [fp, action]) => {
      const handle = sim.handle(location(sim, fp));
      if (action === "revoke") handle.revokeToken();
      else handle.expireToken();
      return { ok: true };
    },
  },
  {
    method: "POST",
    pattern: /^\/_sim\/events\/complete$/,
    run: (sim) => ({ completed: sim.operations.completePending() }),
  },
  {
    method: "POST",
    pattern: /^\/_sim\/faults$/,
    run: (sim, _params, body) => {
      sim.faults.inject(body as FaultSpec);
      return { armed: sim.faults.remaining() };
    },
  },
  {
    method: "GET",
    pattern: /^\/_sim\/requests$/,
    run: (sim) => ({ requests: sim.log.entries, inFlight: sim.log.stats() }),
  },
  { method: "GET", pattern: /^\/_sim\/notifications$/, run: (sim) => ({ notifications: sim.notifier.log }) },
  ...REALISM_CONTROL_ROUTES,
];
