import { EventStoreDBClient } from "@eventstore/db-client";
import { type FakeEsdb, type FakeEsdbOptions, startFakeEsdb } from "./fake-esdb/server.js";

/** A real server to check the fake's fidelity against: set it to run every suite there too. */
export const ESDB_URL = process.env.EVENTSTOREDB_URL;

/** A server to test against: the in-process fake always, a real one when EVENTSTOREDB_URL is set. */
export interface EsdbBackend {
  readonly name: string;
  /** The fake server, for raw writes and fault injection; undefined on a real server. */
  readonly fake?: FakeEsdb;
  /** A client of its own (callers dispose it, or let close() do it). */
  connect(): EventStoreDBClient;
  close(): Promise<void>;
}

const withClients = (name: string, url: string, fake: FakeEsdb | undefined): EsdbBackend => {
  const clients: EventStoreDBClient[] = [];
  return {
    name,
    ...(fake === undefined ? {} : { fake }),
    connect: () => {
      const client = EventStoreDBClient.connectionString(url);
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.dispose()));
      await fake?.close();
    },
  };
};

/** Starts the in-process fake server. */
export const fakeBackend = async (options: FakeEsdbOptions = {}): Promise<EsdbBackend> => {
  const fake = await startFakeEsdb(options);
  return withClients("fake EventStoreDB (in-process gRPC)", fake.connectionString, fake);
};

/** Connects to the server at EVENTSTOREDB_URL (tests use unique stream names, so any server will do). */
export const realBackend = async (): Promise<EsdbBackend> => {
  if (ESDB_URL === undefined) throw new Error("EVENTSTOREDB_URL is not set");
  return withClients("EventStoreDB at EVENTSTOREDB_URL", ESDB_URL, undefined);
};

/** A backend a suite runs against. */
export interface BackendKind {
  readonly label: string;
  readonly open: () => Promise<EsdbBackend>;
}

const real: ReadonlyArray<BackendKind> =
  ESDB_URL === undefined ? [] : [{ label: "real server (EVENTSTOREDB_URL)", open: realBackend }];

/** The modern fake (BatchAppend, as ESDB 21.10+), plus the real server when EVENTSTOREDB_URL is set. */
export const backends: ReadonlyArray<BackendKind> = [
  { label: "fake server", open: () => fakeBackend() },
  ...real,
];

/** {@link backends} plus the fake playing a pre-21.10 server (one Append call per append). */
export const allBackends: ReadonlyArray<BackendKind> = [
  ...backends,
  { label: "fake server without BatchAppend", open: () => fakeBackend({ batchAppend: false }) },
];
