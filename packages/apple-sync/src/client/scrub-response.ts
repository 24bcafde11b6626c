import type { Scrubber } from "../untrusted/scrubber.js";
import type { ErrorResponse, ResponseMdmInfo } from "./codecs/common.js";

/** `mdmInfo` as this client hands it on: every field scrubbed (Apple's words, another product's words). */
export const scrubMdmInfo = (mdmInfo: ResponseMdmInfo, scrubber: Scrubber): ResponseMdmInfo => ({
  id: scrubber.text(mdmInfo.id) || "(blank)",
  ...(mdmInfo.name === undefined ? {} : { name: scrubber.text(mdmInfo.name) }),
  ...(mdmInfo.metadata === undefined ? {} : { metadata: scrubber.text(mdmInfo.metadata) }),
});

/** An error body as this client hands it on: `errorMessage` scrubbed. */
export const scrubErrorResponse = <E extends ErrorResponse>(error: E, scrubber: Scrubber): E =>
  error.errorMessage === undefined ? error : { ...error, errorMessage: scrubber.text(error.errorMessage) };

/**
 * A decoded response with Apple's free text scrubbed: the `mdmInfo` every authenticated response may carry
 * (written by whichever product claimed the location) and the `errorMessage` of each of `failures` (GET
 * status). The other fields are ids, counts and dates, checked where they are used. Returns the same object
 * when there is nothing to scrub, so large pages are not copied.
 */
export const scrubResponse = <A>(value: A, scrubber: Scrubber, keepMdmInfo = false): A => {
  if (typeof value !== "object" || value === null) return value;
  const { mdmInfo, failures } = value as {
    mdmInfo?: ResponseMdmInfo;
    failures?: ReadonlyArray<ErrorResponse>;
  };
  const scrubMdm = mdmInfo !== undefined && !keepMdmInfo;
  const scrubFailures = Array.isArray(failures);
  if (!scrubMdm && !scrubFailures) return value;
  return {
    ...value,
    ...(scrubMdm ? { mdmInfo: scrubMdmInfo(mdmInfo, scrubber) } : {}),
    ...(scrubFailures ? { failures: failures.map((f) => scrubErrorResponse(f, scrubber)) } : {}),
  };
};
