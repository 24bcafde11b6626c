import { type Data, type Decision, emit, none } from "./decision.js";
import { assignedLicenses, type LicenseState } from "./state.js";
import { usageLevel } from "./terms.js";

/**
 * `RecordPoolUsage` (R23): records the pool's level when it differs from the last one recorded, so an alert is
 * recorded once per crossing and re-armed by the record of its drop back below.
 */
export const recordPoolUsage = (command: Data<"RecordPoolUsage">, state: LicenseState): Decision => {
  const assigned = assignedLicenses(state);
  const level = usageLevel(assigned, state.purchased, command.thresholdPercent);
  if (level === state.usageAlert) return none;
  return emit({
    type: "PoolUsageChanged",
    data: {
      level,
      previous: state.usageAlert,
      assigned,
      purchased: state.purchased,
      thresholdPercent: command.thresholdPercent,
      at: command.at,
    },
  });
};
