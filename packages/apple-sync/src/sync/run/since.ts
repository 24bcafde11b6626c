import { isAppleApiError } from "../../client/errors.js";

/** Apple's "invalid versionId": the cursor is too old (or unknown), and only a full read can follow. */
export class VersionRefused extends Error {
  constructor() {
    super("Apple refused the sinceVersionId (9721): a full read is needed");
    this.name = "VersionRefused";
  }
}

/**
 * Iterates an incremental read, turning Apple's 9721 on its first page into {@link VersionRefused} (nothing
 * was consumed yet, so the caller can read in full instead). Later errors pass through.
 */
export async function* sinceOrRefused<P>(pages: AsyncIterable<P>): AsyncGenerator<P, void, undefined> {
  let first = true;
  try {
    for await (const page of pages) {
      first = false;
      yield page;
    }
  } catch (error) {
    if (first && isAppleApiError(error) && error.errorNumber === 9721) throw new VersionRefused();
    throw error;
  }
}
