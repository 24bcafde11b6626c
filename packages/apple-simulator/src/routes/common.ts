import type { Location } from "../model/location.js";
import type { MdmInfo } from "../wire.js";

/** Fields Apple adds to every authenticated response. */
export interface CommonFields {
  readonly tokenExpirationDate: string;
  readonly uId: string;
  readonly mdmInfo?: MdmInfo;
}

/** Adds `tokenExpirationDate`, `uId` and, once an MDM set it, `mdmInfo`. */
export const withCommon = <T extends object>(location: Location, body: T): T & CommonFields => ({
  ...body,
  ...(location.mdmInfo === undefined ? {} : { mdmInfo: location.mdmInfo }),
  tokenExpirationDate: location.tokenExpirationDate(),
  uId: location.uId,
});
