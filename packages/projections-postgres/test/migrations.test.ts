import { describe, expect, it } from "vitest";
import { openReadModels, READ_MODEL_MIGRATIONS, ReadModelSchemaTooNew } from "../src/index.js";
import { migrateReadModels } from "../src/schema/migrate.js";
import { BACKENDS } from "./support/backends.js";

const partitions = (schema: string) =>
  `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND c.relkind = 'r' ORDER BY c.relname`;

describe.each(BACKENDS.filter((b) => b.enabled))("read-model migrations on $name", ({ name, setup }) => {
  const backend = setup();

  it("create the schema with generation 1 serving, and re-running them changes nothing", async () => {
    const readModels = await backend.open();
    const latest = READ_MODEL_MIGRATIONS.length;
    expect(await readModels.migrate()).toMatchObject({ from: latest, to: latest, applied: [] });
    const status = await readModels.status();
    expect(status).toEqual({
      serving: 1,
      generations: [{ generation: 1, status: "serving", processor: null, position: null }],
    });
    const rows = await backend.client().query(partitions(readModels.schema));
    expect(rows.map((r) => r.relname)).toContain("purchased_apps_g1");
    expect(rows).toHaveLength(8);
  });

  it("may share the event store's schema: their tables and migration histories are apart", async () => {
    const storage = await backend.openStorage();
    const readModels = await openReadModels(backend.client(), { schema: storage.schema });
    expect((await readModels.status()).serving).toBe(1);
    expect((await storage.migrate()).applied).toEqual([]);
    await storage.close();
  });

  it("refuse a schema migrated by a newer version, with or without migrating", async () => {
    const schema = backend.freshSchema();
    await openReadModels(backend.client(), { schema });
    await backend
      .client()
      .query(`INSERT INTO "${schema}".read_model_migrations (version, name) VALUES (99, 'future')`);
    await expect(openReadModels(backend.client(), { schema })).rejects.toBeInstanceOf(ReadModelSchemaTooNew);
    await expect(openReadModels(backend.client(), { schema, migrate: false })).rejects.toMatchObject({
      code: "schema-too-new",
      found: 99,
      known: READ_MODEL_MIGRATIONS.length,
    });
  });

  it("open a schema that does not exist yet without migrating (version 0), and migrate() creates it", async () => {
    const schema = backend.freshSchema();
    const readModels = await openReadModels(backend.client(), { schema, migrate: false });
    await expect(readModels.status()).rejects.toMatchObject({ code: "store-unavailable", retryable: false });
    expect(await readModels.migrate()).toMatchObject({ from: 0, to: READ_MODEL_MIGRATIONS.length });
    expect((await readModels.status()).serving).toBe(1);
  });

  it("R20, R23: migration 2 upgrades a version-1 schema in place: its rows read as users only, no alert", async () => {
    const schema = backend.freshSchema();
    const client = backend.client();
    const v1 = READ_MODEL_MIGRATIONS.filter((migration) => migration.version === 1);
    expect(await migrateReadModels(client, schema, v1)).toMatchObject({ from: 0, to: 1 });
    await client.query(
      `INSERT INTO "${schema}".purchased_apps (generation, tenant_id, adam_id, purchased, assigned, deployment, updated_at)
       VALUES (1, 'acme', '111', 3, 1, 'required', '2026-11-25T09:00:00Z')`,
    );
    const readModels = await openReadModels(client, { schema });
    expect((await readModels.status()).serving).toBe(1);
    expect(await readModels.queries.purchasedApp("acme", "111")).toMatchObject({
      assigned: 1,
      assignedToDevices: 0,
      licensing: "user",
      usageLevel: "normal",
    });
  });

  it("refuse a schema name that is not a plain identifier, before any SQL", async () => {
    await expect(openReadModels(backend.client(), { schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(
      TypeError,
    );
  });

  it.runIf(name === "PostgreSQL server")(
    "run once when several processes open the same schema at once",
    async () => {
      const schema = backend.freshSchema();
      const opened = await Promise.all([1, 2, 3, 4].map(() => openReadModels(backend.client(), { schema })));
      expect(opened).toHaveLength(4);
      const rows = await backend
        .client()
        .query(`SELECT count(*)::integer AS n FROM "${schema}".read_model_migrations`);
      expect(rows[0]?.n).toBe(READ_MODEL_MIGRATIONS.length);
    },
  );
});
