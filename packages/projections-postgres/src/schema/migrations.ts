import { v1Control } from "./v1-control.js";
import { v1ReadModels } from "./v1-read-models.js";
import { v2Devices } from "./v2-devices.js";

/** One step of the read models' schema history. Released migrations are never edited: a change is a new version. */
export interface ReadModelMigration {
  /** 1, 2, 3…: applied in order, each exactly once per schema. */
  readonly version: number;
  readonly name: string;
  /** The statements, one per entry (drivers differ on multi-statement strings), for the given schema. */
  readonly statements: (schema: string) => ReadonlyArray<string>;
}

/**
 * Every migration this version of the package knows, oldest first. A later migration that adds a read-model
 * table must also add it to `READ_MODEL_TABLES` and create its partition for every existing generation; one that
 * changes what a projection writes should be followed by a rebuild (docs/projections-postgres.md).
 */
export const READ_MODEL_MIGRATIONS: ReadonlyArray<ReadModelMigration> = [
  {
    version: 1,
    name: "read models: generations, positions, and the five read models partitioned by generation",
    statements: (schema) => [...v1Control(schema), ...v1ReadModels(schema)],
  },
  {
    version: 2,
    name: "read models: device holders, licensing mode and use level of pools (R20, R23)",
    statements: v2Devices,
  },
];

/** The latest migration version of a list. */
export const latestMigration = (migrations: ReadonlyArray<ReadModelMigration>): number =>
  migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
