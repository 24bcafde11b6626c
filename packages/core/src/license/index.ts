import type { AggregateDefinition } from "../app/aggregate.js";
import type { Decider } from "../shared/decider.js";
import { assertId } from "../shared/ids.js";
import { eventCatalog } from "../store/catalog.js";
import { decodeLicenseCommand, type LicenseCommand } from "./commands.js";
import { decideLicense } from "./decide.js";
import * as events from "./events.js";
import { evolveLicense, foldLicense } from "./evolve.js";
import { licenseSnapshot } from "./snapshot.js";
import { initialLicenseState, type LicenseState } from "./state.js";

export * from "./commands.js";
export * from "./events.js";
export { applyLicenseEvent, type LicenseDraft } from "./evolve.js";
export { Holders, HoldersEditor } from "./holders.js";
export * from "./pool.js";
export { licenseSnapshot } from "./snapshot.js";
export * from "./state.js";
export * from "./terms.js";
export { recordPoolUsage } from "./usage.js";

/** The License decider: one license pool per tenant and app. */
export const License: Decider<LicenseCommand, events.LicenseEvent, LicenseState> = {
  initialState: initialLicenseState,
  decide: decideLicense,
  evolve: evolveLicense,
  fold: foldLicense,
};

/** How each License event is stored. Bump a `schemaVersion` and add an upcaster when a shape changes. */
export const licenseEvents = eventCatalog<events.LicenseEvent>({
  PurchasedCountSynced: { codec: events.PurchasedCountSynced, schemaVersion: 1 },
  OverAllocationDetected: { codec: events.OverAllocationDetected, schemaVersion: 1 },
  AppDeployed: { codec: events.AppDeployed, schemaVersion: 1 },
  InstallRequested: { codec: events.InstallRequested, schemaVersion: 1 },
  LicenseAssigned: { codec: events.LicenseAssigned, schemaVersion: 1 },
  LicenseReclaimed: { codec: events.LicenseReclaimed, schemaVersion: 1 },
  AppInstalled: { codec: events.AppInstalled, schemaVersion: 1 },
  InstallFailed: { codec: events.InstallFailed, schemaVersion: 1 },
  DeviceLicenseAssigned: { codec: events.DeviceLicenseAssigned, schemaVersion: 1 },
  DeviceLicenseImported: { codec: events.DeviceLicenseImported, schemaVersion: 1 },
  DeviceLicenseReclaimed: { codec: events.DeviceLicenseReclaimed, schemaVersion: 1 },
  LicenseMovedToDevice: { codec: events.LicenseMovedToDevice, schemaVersion: 1 },
  LicensesRevoked: { codec: events.LicensesRevoked, schemaVersion: 1 },
  PoolUsageChanged: { codec: events.PoolUsageChanged, schemaVersion: 1 },
});

/** Prefix of every license pool stream id. */
export const LICENSE_STREAM_PREFIX = "vpp-license";

/**
 * Stream id of a tenant's license pool for one app (Apple adamId). Throws a `TypeError` naming the field for an
 * id outside the grammar (entry points check ids first and answer `invalid-input`), so two different
 * (tenant, app) pairs can never share a stream.
 */
export const licenseStreamId = (tenantId: string, adamId: string): string =>
  `${LICENSE_STREAM_PREFIX}:${assertId("identifier", "tenantId", tenantId)}:${assertId("adamId", "adamId", adamId)}`;

/** License wired for the command handler: decider, event catalog and snapshot codec. */
export const LicenseAggregate: AggregateDefinition<LicenseCommand, events.LicenseEvent, LicenseState> = {
  name: "License",
  decider: License,
  decodeCommand: decodeLicenseCommand,
  events: licenseEvents,
  snapshot: licenseSnapshot,
};
