import type { SqlClient } from "@vpp-ledger/eventstore-postgres";
import {
  PARTITION_STORAGE,
  partitionName,
  partitionOf,
  READ_MODEL_TABLES,
  tableOf,
} from "../schema/tables.js";

/** A generation of the read models being built. */
export interface BuildingGeneration {
  readonly generation: number;
  /** True when an earlier, interrupted rebuild had started it: it goes on from its own position. */
  readonly resumed: boolean;
}

/**
 * Starts a new generation of the read models (or returns the one an interrupted rebuild left), in one
 * transaction: its row, and an empty partition of every read-model table. Each partition is created apart and
 * then attached: attaching takes a SHARE UPDATE EXCLUSIVE lock on the parent, which neither queries nor the
 * serving generation's writers conflict with, where `CREATE TABLE … PARTITION OF` would lock them out.
 */
export const beginGeneration = (client: SqlClient, schema: string): Promise<BuildingGeneration> =>
  client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `vpp-ledger:read-models:generations:${schema}`,
    ]);
    const building = await tx.query(
      `SELECT generation FROM "${schema}".generations WHERE status = 'building' ORDER BY generation DESC LIMIT 1`,
    );
    const found = building[0]?.generation;
    if (typeof found === "number") return { generation: found, resumed: true };
    const next = await tx.query(
      `SELECT coalesce(max(generation), 0) + 1 AS generation FROM "${schema}".generations`,
    );
    const generation = Number(next[0]?.generation);
    await tx.query(`INSERT INTO "${schema}".generations (generation, status) VALUES ($1, 'building')`, [
      generation,
    ]);
    for (const table of READ_MODEL_TABLES) {
      const partition = partitionOf(schema, table, generation);
      await tx.query(
        `CREATE TABLE ${partition} (LIKE ${tableOf(schema, table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) ${PARTITION_STORAGE}`,
      );
      await tx.query(
        `ALTER TABLE ${tableOf(schema, table)} ATTACH PARTITION ${partition} FOR VALUES IN (${generation})`,
      );
    }
    return { generation, resumed: false };
  });

/** What {@link switchServing} found. */
export interface SwitchOutcome {
  readonly switched: boolean;
  /** The generation that served before. */
  readonly previous: number;
  readonly previousPosition: bigint | undefined;
  readonly position: bigint | undefined;
}

const positionOf = async (client: Pick<SqlClient, "query">, schema: string, generation: number) => {
  const rows = await client.query(
    `SELECT position::text AS position FROM "${schema}".positions WHERE generation = $1`,
    [generation],
  );
  return typeof rows[0]?.position === "string" ? BigInt(rows[0].position) : undefined;
};

/**
 * Makes `generation` the serving one, in one transaction: the `serving` row (what every query reads) and both
 * generations' status. The serving row is locked first, so commits of the serving generation's processor (which
 * lock it FOR SHARE) finish before and fail after, then start over on the new generation. Unless `force`, it
 * switches only if the new generation has read at least as far as the serving one, so queries never go back.
 */
export const switchServing = (
  client: SqlClient,
  schema: string,
  generation: number,
  force: boolean,
): Promise<SwitchOutcome> =>
  client.transaction(async (tx) => {
    const serving = await tx.query(`SELECT generation FROM "${schema}".serving FOR UPDATE`);
    const previous = Number(serving[0]?.generation);
    const status = await tx.query(
      `SELECT status FROM "${schema}".generations WHERE generation = $1 FOR UPDATE`,
      [generation],
    );
    if (status[0]?.status !== "building") throw new Error(`generation ${generation} is not being built`);
    const previousPosition = await positionOf(tx, schema, previous);
    const position = await positionOf(tx, schema, generation);
    const behind = previousPosition !== undefined && (position === undefined || position < previousPosition);
    if (behind && !force) return { switched: false, previous, previousPosition, position };
    await tx.query(`UPDATE "${schema}".serving SET generation = $1`, [generation]);
    await tx.query(
      `UPDATE "${schema}".generations SET status = 'serving', switched_at = statement_timestamp() WHERE generation = $1`,
      [generation],
    );
    await tx.query(`UPDATE "${schema}".generations SET status = 'retired' WHERE generation = $1`, [previous]);
    return { switched: true, previous, previousPosition, position };
  });

/**
 * Drops a generation that no longer serves: its partitions (detached CONCURRENTLY, so running queries are not
 * blocked, then dropped), its position and its resume records. Each step is idempotent, so a drop interrupted by
 * a crash is finished by calling it again (a detach left pending is finalized).
 */
export const dropGeneration = async (
  client: SqlClient,
  schema: string,
  generation: number,
): Promise<void> => {
  const serving = await client.query(`SELECT generation FROM "${schema}".serving`);
  if (serving[0]?.generation === generation)
    throw new Error(`generation ${generation} serves: it cannot be dropped`);
  for (const table of READ_MODEL_TABLES) {
    const attached = await client.query(
      `SELECT i.inhdetachpending AS pending FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2`,
      [schema, partitionName(table, generation)],
    );
    const partition = partitionOf(schema, table, generation);
    // Not in a transaction: DETACH … CONCURRENTLY runs its own two.
    if (attached[0]?.pending === true) {
      await client.query(`ALTER TABLE ${tableOf(schema, table)} DETACH PARTITION ${partition} FINALIZE`);
    } else if (attached[0] !== undefined) {
      await client.query(`ALTER TABLE ${tableOf(schema, table)} DETACH PARTITION ${partition} CONCURRENTLY`);
    }
    await client.query(`DROP TABLE IF EXISTS ${partition}`);
  }
  await client.transaction(async (tx) => {
    await tx.query(`DELETE FROM "${schema}".positions WHERE generation = $1`, [generation]);
    await tx.query(`DELETE FROM "${schema}".resumed_streams WHERE generation = $1`, [generation]);
    await tx.query(`DELETE FROM "${schema}".generations WHERE generation = $1`, [generation]);
  });
};
