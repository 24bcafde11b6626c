/**
 * Apple's error table for the Apps and Books API v2: every `errorNumber` the simulator can answer with, its
 * message (worded after Apple's service config) and the HTTP status Apple pairs it with when it is synchronous.
 */

/** One row of the table. */
export interface AppleErrorCode {
  readonly errorNumber: number;
  readonly errorMessage: string;
  /** HTTP status for a synchronous answer; async-only codes carry 400 but never reach the wire that way. */
  readonly httpStatus: number;
}

const row = (errorNumber: number, errorMessage: string, httpStatus = 400): AppleErrorCode => ({
  errorNumber,
  errorMessage,
  httpStatus,
});

/** The codes listed by `GET service/config` and used by the simulator, in Apple's order. */
export const APPLE_ERROR_CODES: readonly AppleErrorCode[] = [
  row(9600, "Missing required argument."),
  row(9601, "Login required.", 401),
  row(9602, "Invalid argument."),
  row(9603, "Internal error.", 500),
  row(9609, "Unable to find the registered user."),
  row(9610, "License not found."),
  row(
    9621,
    "The token has expired. You need to generate a new token online using your organization's account at either school.apple.com or business.apple.com.",
    401,
  ),
  row(9622, "Invalid authentication token.", 401),
  row(9623, "Invalid APNs token."),
  row(9625, "The server has revoked the sToken.", 401),
  row(9634, "The service is no longer available.", 410),
  row(9635, "Unable to associate the Apple Account with this user."),
  row(9637, "This operation is not allowed for facilitator accounts.", 403),
  row(9641, "This Apple Account is already associated with another user."),
  row(9644, "The service is in maintenance mode."),
  row(9646, "There are too many requests for the current organization.", 429),
  row(9647, "This operation is not supported for legacy tokens.", 403),
  row(9650, "The page index is out of range."),
  row(9700, "The request contains too many assets."),
  row(9701, "The request contains too many clientUserIds."),
  row(9702, "The request contains too many serialNumbers."),
  row(9703, "The request contains duplicate assets."),
  row(9704, "The request contains duplicate clientUserIds."),
  row(9705, "The request contains duplicate serialNumbers."),
  row(9706, "The asset is not revocable."),
  row(9707, "The asset is not device-assignable."),
  row(9708, "The eventId was not found."),
  row(9709, "There aren't enough assets available to complete this association."),
  row(9710, "notificationUrl and notificationAuthToken are both required."),
  row(9711, "The notification URL or authentication token is too long."),
  row(9712, "The notification URL is invalid; it must use HTTPS."),
  row(9713, "The MDM metadata is too long."),
  row(9714, "The request contains too many users."),
  row(9715, "The request contains duplicate users."),
  row(9716, "A registered user already exists for that clientUserId."),
  row(9717, "The email address is invalid."),
  row(9718, "The request doesn't contain any assets."),
  row(9719, "The request must contain clientUserIds or serialNumbers."),
  row(9720, "The request must contain users."),
  row(9721, "The versionId is invalid."),
  row(9722, "The Authorization header is invalid; it must be 'Bearer {sToken}'.", 401),
  row(9723, "mdmInfo must contain name, id and metadata."),
  row(9724, "The MDM id is too long."),
  row(9725, "The MDM name is too long."),
  row(9726, "The HTTP method is not supported.", 405),
  row(9727, "The Content-Type is not supported.", 415),
  row(9728, "The notification URL is unreachable."),
  row(9729, "The service is temporarily unavailable.", 503),
];

const byNumber = new Map(APPLE_ERROR_CODES.map((code) => [code.errorNumber, code]));

/** The numbers the simulator knows, as a union, so a typo in a handler fails to compile. */
export type AppleErrorNumber =
  | 9600
  | 9601
  | 9602
  | 9603
  | 9609
  | 9610
  | 9621
  | 9622
  | 9623
  | 9625
  | 9634
  | 9635
  | 9637
  | 9641
  | 9644
  | 9646
  | 9647
  | 9650
  | 9700
  | 9701
  | 9702
  | 9703
  | 9704
  | 9705
  | 9706
  | 9707
  | 9708
  | 9709
  | 9710
  | 9711
  | 9712
  | 9713
  | 9714
  | 9715
  | 9716
  | 9717
  | 9718
  | 9719
  | 9720
  | 9721
  | 9722
  | 9723
  | 9724
  | 9725
  | 9726
  | 9727
  | 9728
  | 9729;

/** The asset reference Apple puts in `errorInfo.assets`. */
export interface ErrorInfoAsset {
  readonly adamId: string;
  readonly pricingParam?: string;
}

/** Apple's ResponseErrorInfo: which parts of the request an error is about. */
export interface ResponseErrorInfo {
  readonly assets?: readonly ErrorInfoAsset[];
  readonly clientUserIds?: readonly string[];
  readonly serialNumbers?: readonly string[];
}

/** Apple's ErrorResponse body, as sent on the wire and inside `failures[]` and notification `error`s. */
export interface ErrorResponse {
  readonly errorNumber: number;
  readonly errorMessage: string;
  readonly errorInfo?: ResponseErrorInfo;
}

/** A rejection with its HTTP status: what a handler returns instead of throwing. */
export interface AppleFailure {
  readonly httpStatus: number;
  readonly body: ErrorResponse;
}

/** Looks up a code; unknown numbers become an internal error rather than a crash. */
export const errorCode = (errorNumber: number): AppleErrorCode =>
  byNumber.get(errorNumber) ?? { errorNumber, errorMessage: "Internal error.", httpStatus: 500 };

/**
 * Builds an ErrorResponse. `detail` is appended to Apple's message to say what was wrong in this request; it
 * must never contain a token.
 */
export const errorResponse = (
  errorNumber: AppleErrorNumber,
  detail?: string,
  errorInfo?: ResponseErrorInfo,
): ErrorResponse => {
  const { errorMessage } = errorCode(errorNumber);
  const message = detail === undefined ? errorMessage : `${errorMessage} ${detail}`;
  return errorInfo === undefined
    ? { errorNumber, errorMessage: message }
    : { errorNumber, errorMessage: message, errorInfo };
};

/** Builds a synchronous rejection with Apple's HTTP status for that code. */
export const appleFailure = (
  errorNumber: AppleErrorNumber,
  detail?: string,
  errorInfo?: ResponseErrorInfo,
): AppleFailure => ({
  httpStatus: errorCode(errorNumber).httpStatus,
  body: errorResponse(errorNumber, detail, errorInfo),
});
