import { LedgerError } from "@vpp-ledger/core";

/**
 * The read models' schema was migrated by a newer version of this package. Older code could write rows the
 * newer code does not expect, so opening is refused: upgrade the package, never the other way.
 */
export class ReadModelSchemaTooNew extends LedgerError {
  constructor(
    readonly schema: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      "schema-too-new",
      `read-model schema "${schema}" is at migration ${found} but this @vpp-ledger/projections-postgres knows ` +
        `only up to ${known}: upgrade the package (a newer one migrated this schema)`,
    );
  }
}
