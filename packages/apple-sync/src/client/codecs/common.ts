import { IsoDateTime } from "@vpp-ledger/core";
import * as t from "io-ts";

/**
 * A record codec: the required fields must be present, the optional ones may be, and anything else Apple
 * sends is tolerated and dropped (exact), so new Apple fields never break decoding nor leak into our types.
 */
export const record = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) =>
  t.exact(t.intersection([t.type(required), t.partial(optional)]), name);

/** An integer (Apple counts can go negative when a refund leaves a pool over-assigned). */
export const Int: t.Type<number, number, unknown> = t.refinement(t.number, Number.isSafeInteger, "integer");

/** A safe integer >= 0. */
export const Count: t.Type<number, number, unknown> = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n) && n >= 0,
  "non-negative integer",
);

/**
 * An identifier Apple documents as a string but that some responses carry as a number (`uId`, `eventId`,
 * `adamId` in subscription-era payloads). Decodes both to a string; encodes to a string.
 */
export const StringId = new t.Type<string, string, unknown>(
  "string id",
  (u): u is string => typeof u === "string",
  (u, c) =>
    typeof u === "string" && u.length > 0
      ? t.success(u)
      : typeof u === "number" && Number.isSafeInteger(u)
        ? t.success(String(u))
        : t.failure(u, c),
  (a) => a,
);

/** `STDQ` (standard quantity) or `PLUS` (licenses bought through a PLUS deal). Unknown values are kept. */
export type PricingParam = "STDQ" | "PLUS" | (string & {});
/** Codec of {@link PricingParam}. */
export const PricingParam = t.string as t.Type<PricingParam, string, unknown>;

/** `App` or `Book`. Unknown values are kept so a new product type does not break a sync. */
export type ProductType = "App" | "Book" | (string & {});
/** Codec of {@link ProductType}. */
export const ProductType = t.string as t.Type<ProductType, string, unknown>;

/** Identity an MDM writes on a location to claim it (POST client/config). All three fields are required. */
export const MdmInfo = t.exact(t.type({ id: t.string, name: t.string, metadata: t.string }), "MdmInfo");
/** The MDM identity written on a location. */
export type MdmInfo = t.TypeOf<typeof MdmInfo>;

/** `mdmInfo` as echoed by Apple: only `id` is needed to detect another owner. */
export const ResponseMdmInfo = record("mdmInfo", { id: t.string }, { name: t.string, metadata: t.string });
/** `mdmInfo` as echoed by Apple. */
export type ResponseMdmInfo = t.TypeOf<typeof ResponseMdmInfo>;

/** Fields Apple adds to every authenticated response. */
export const commonResponseFields = {
  tokenExpirationDate: IsoDateTime,
  uId: StringId,
  mdmInfo: ResponseMdmInfo,
};

/** An asset reference in requests: `adamId` and, optionally, the pricing it was bought with. */
export const Asset = record("Asset", { adamId: StringId }, { pricingParam: PricingParam });
/** An asset reference in requests. */
export type Asset = t.TypeOf<typeof Asset>;

/** Which items of a request an error is about. */
export const ResponseErrorInfo = record(
  "ResponseErrorInfo",
  {},
  { assets: t.array(Asset), clientUserIds: t.array(t.string), serialNumbers: t.array(t.string) },
);

/** Apple's error body, returned synchronously or inside `status.failures` and notifications. */
export const ErrorResponse = record(
  "ErrorResponse",
  { errorNumber: Int },
  { errorMessage: t.string, errorInfo: ResponseErrorInfo },
);
/** Apple's error body. */
export type ErrorResponse = t.TypeOf<typeof ErrorResponse>;

/**
 * Paging fields of Get Assets, Get Assignments and Get Users. `nextPageIndex` is absent on the last page.
 * Apple marks every one optional; the pager copes with each missing (see `walkPages`).
 */
export const pagingFields = {
  currentPageIndex: Count,
  totalPages: Count,
  versionId: t.string,
  nextPageIndex: Count,
  size: Count,
};

/**
 * The response to every asynchronous manage call: the Apple operation to poll or await a notification for.
 * `eventId` is Apple's wire name for the operation's id.
 */
export const OperationResponse = record("OperationResponse", { eventId: StringId }, commonResponseFields);
/** The response to every asynchronous manage call. */
export type OperationResponse = t.TypeOf<typeof OperationResponse>;
