export { AccountOverview, type AccountOverviewRow } from "./account-overview.js";
export {
  type InstallFilter,
  InstallMonitor,
  type InstallRow,
  type InstallState,
  type UserTermsStatus,
} from "./install-monitor.js";
export { type AuditReport, type AuditViolation, LicenseAudit } from "./license-audit.js";
export { type Holding, LicenseHistory } from "./license-history.js";
export { type Projection, poolKey } from "./projection.js";
export { type PurchasedApp, PurchasedApps } from "./purchased-apps.js";
export { catchUp, type ProjectOptions, type ProjectResult, project } from "./runner.js";
