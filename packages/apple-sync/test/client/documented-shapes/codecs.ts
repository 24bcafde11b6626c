import type * as t from "io-ts";
import {
  ClientConfigResponse,
  ErrorResponse,
  GetAssetsResponse,
  GetAssignmentsResponse,
  GetUsersResponse,
  OperationResponse,
  ServiceConfigResponse,
  StatusResponse,
} from "../../../src/index.js";
import { type DocumentedFixture, isErrorFixture } from "./fixtures.js";

/** The client's own codec for what a fixture documents: Apple's error body for an HTTP error status. */
export const codecOf = (fixture: DocumentedFixture): t.Decoder<unknown, unknown> => {
  if (isErrorFixture(fixture)) return ErrorResponse;
  switch (fixture.endpoint) {
    case "GET service/config":
      return ServiceConfigResponse;
    case "GET client/config":
    case "POST client/config":
      return ClientConfigResponse;
    case "GET assets":
      return GetAssetsResponse;
    case "GET assignments":
      return GetAssignmentsResponse;
    case "GET users":
      return GetUsersResponse;
    case "GET status":
      return StatusResponse;
    case "POST assets/associate":
    case "POST assets/disassociate":
    case "POST assets/revoke":
    case "POST users/create":
    case "POST users/update":
    case "POST users/retire":
      return OperationResponse;
    default:
      throw new Error(`no codec for ${fixture.endpoint} (${fixture.name})`);
  }
};
