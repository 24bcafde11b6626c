import type { EventStoreDBClient } from "@eventstore/db-client";
import { afterAll, beforeAll } from "vitest";
import { EsdbEventStore, type EsdbEventStoreOptions, EsdbSnapshotStore } from "../../src/index.js";
import type { BackendKind, EsdbBackend } from "./backends.js";

/** What a test file's suite works with: the backend, a client, and the stores over that client. */
export interface Suite {
  readonly backend: EsdbBackend;
  readonly client: EventStoreDBClient;
  readonly store: EsdbEventStore;
  readonly snapshots: EsdbSnapshotStore;
}

/** Opens the backend once for the enclosing describe and closes it after; use the result inside tests. */
export const useBackend = (kind: BackendKind, options: EsdbEventStoreOptions = {}): (() => Suite) => {
  let suite: Suite | undefined;
  beforeAll(async () => {
    const backend = await kind.open();
    const client = backend.connect();
    suite = {
      backend,
      client,
      store: new EsdbEventStore(client, options),
      snapshots: new EsdbSnapshotStore(client),
    };
  });
  afterAll(async () => {
    await suite?.backend.close();
  });
  return () => {
    if (suite === undefined) throw new Error(`${kind.label}: the backend did not open`);
    return suite;
  };
};
