/**
 * Thrown by the test-setup API (addAsset, addForeignAssignment, ...) when a test asks for a state Apple could
 * not be in. It is a programming error in the test, so it throws; `code` is stable.
 */
export class SimulatorSetupError extends Error {
  override readonly name = "SimulatorSetupError";

  constructor(
    /** Stable machine-readable reason, e.g. `SIM_UNKNOWN_ASSET`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
