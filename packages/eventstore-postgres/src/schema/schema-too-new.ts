import { LedgerError } from "@vpp-ledger/core";

/**
 * The schema was migrated by a newer version of this library. Running older code against it could write rows
 * the newer code does not expect, so the store refuses to start: upgrade the library, never the other way.
 */
export class SchemaTooNew extends LedgerError {
  constructor(
    readonly schema: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      "schema-too-new",
      `schema "${schema}" is at migration ${found} but this @vpp-ledger/eventstore-postgres knows only up to ` +
        `${known}: upgrade the library (a newer one migrated this schema)`,
    );
  }
}
