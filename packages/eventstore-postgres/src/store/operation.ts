import { toPortError } from "../sql/errors.js";
import type { StoreLifecycle } from "./lifecycle.js";

/**
 * Runs one store operation: admitted by the storage's `lifecycle` (refused with `StoreClosed` once closing
 * began, and waited for by `close()`), and whatever it throws turned into a port error that names
 * `operation` and holds no value of the input. Every public store method goes through here.
 */
export const runOperation = <T>(
  lifecycle: StoreLifecycle,
  operation: string,
  work: () => Promise<T>,
): Promise<T> =>
  lifecycle.admit(async () => {
    try {
      return await work();
    } catch (error) {
      throw toPortError(error, operation);
    }
  });
