import * as t from "io-ts";

// Apart from `tokenHealthAt`, which reads the account's state: the events and the state name this type.

/**
 * The token's health as recorded events say it (R23): `ok`, expiring within 30 days, within 15 days, expired, or
 * revoked by Apple (9625). Each is a distinct state, recorded once per crossing.
 */
export const TokenHealth = t.keyof({
  ok: null,
  "expiring-30d": null,
  "expiring-15d": null,
  expired: null,
  revoked: null,
});
/** See {@link TokenHealth}. */
export type TokenHealth = t.TypeOf<typeof TokenHealth>;
