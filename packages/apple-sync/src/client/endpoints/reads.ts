import type * as t from "io-ts";
import { GetAssetsQuery, GetAssetsResponse, type ResponseAsset } from "../codecs/assets.js";
import { type Assignment, GetAssignmentsQuery, GetAssignmentsResponse } from "../codecs/assignments.js";
import { GetUsersQuery, GetUsersResponse, type ResponseUser } from "../codecs/users.js";
import { call } from "../http/caller.js";
import type { QueryValue } from "../http/url.js";
import type { ClientInternals } from "../internals.js";
import { type Page, type PagedResponse, walkPages } from "../paging.js";
import { validateRequest } from "../validate.js";
import type { CallOptions } from "./config.js";

/** A page of GET assets. */
export type AssetsPage = Page<ResponseAsset, GetAssetsResponse>;
/** A page of GET assignments. */
export type AssignmentsPage = Page<Assignment, GetAssignmentsResponse>;
/** A page of GET users. */
export type UsersPage = Page<ResponseUser, GetUsersResponse>;

const walk = <Q extends Readonly<Record<string, QueryValue>>, R extends PagedResponse, Item>(
  client: ClientInternals,
  path: string,
  queryCodec: t.Decoder<unknown, Q>,
  query: Q | undefined,
  responseCodec: t.Decoder<unknown, R>,
  itemsOf: (response: R) => ReadonlyArray<Item>,
  options: CallOptions | undefined,
): AsyncIterable<Page<Item, R>> => {
  const endpoint = `GET ${path}`;
  const filters = validateRequest(queryCodec, query ?? {}, endpoint);
  return {
    [Symbol.asyncIterator]: () =>
      walkPages<Item, R>(
        (pageIndex, signal) =>
          call(client.ctx, {
            method: "GET",
            path,
            query: pageIndex === undefined ? filters : { ...filters, pageIndex },
            codec: responseCodec,
            authenticated: true,
            signal,
          }),
        itemsOf,
        {
          endpoint,
          maxInFlight: client.maxPagesInFlight,
          growthAllowance: client.walkGrowthAllowance,
          ...(options?.signal ? { signal: options.signal } : {}),
          ...(client.observer ? { observer: client.observer } : {}),
        },
      )[Symbol.asyncIterator](),
  };
};

/**
 * Streams the location's assets page by page (GET assets). Each iteration is a fresh walk from page 0; with
 * `unlimited: true`, free apps come in each page's `response.unlimitedAssets` instead.
 * Get Assets takes no `sinceVersionId`; read it whole.
 */
export const assets = (
  client: ClientInternals,
  query?: GetAssetsQuery,
  options?: CallOptions,
): AsyncIterable<AssetsPage> =>
  walk(client, "assets", GetAssetsQuery, query, GetAssetsResponse, (page) => page.assets ?? [], options);

/**
 * Streams assignments page by page (GET assignments). Pass the last page's `versionId` as `sinceVersionId`
 * next time to read only what changed; Apple answers 9721 (`invalid-request`) when that version is too old,
 * and then a full read is needed.
 */
export const assignments = (
  client: ClientInternals,
  query?: GetAssignmentsQuery,
  options?: CallOptions,
): AsyncIterable<AssignmentsPage> =>
  walk(
    client,
    "assignments",
    GetAssignmentsQuery,
    query,
    GetAssignmentsResponse,
    (page) => page.assignments ?? [],
    options,
  );

/** Streams users page by page (GET users); `sinceVersionId` works as for assignments. */
export const users = (
  client: ClientInternals,
  query?: GetUsersQuery,
  options?: CallOptions,
): AsyncIterable<UsersPage> =>
  walk(client, "users", GetUsersQuery, query, GetUsersResponse, (page) => page.users ?? [], options);
