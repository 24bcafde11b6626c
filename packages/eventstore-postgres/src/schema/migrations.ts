import { v1EventStore } from "./v1-event-store.js";
import { v2Checkpoints } from "./v2-checkpoints.js";
import { v3ParkedStreams } from "./v3-parked-streams.js";
import { v4AppendNotify } from "./v4-append-notify.js";
import { v5Leases } from "./v5-leases.js";
import { v6WorkflowStates } from "./v6-workflow-states.js";

/** One step of the schema's history. Released migrations are never edited: a change is a new version. */
export interface Migration {
  /** 1, 2, 3…: applied in order, each exactly once per schema. */
  readonly version: number;
  readonly name: string;
  /** The statements, one per entry (drivers differ on multi-statement strings), for the given schema. */
  readonly statements: (schema: string) => ReadonlyArray<string>;
}

/** Every migration this version of the library knows, oldest first. */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  { version: 1, name: "event store: streams, events, snapshots, append function", statements: v1EventStore },
  { version: 2, name: "checkpoints: positions of the log's readers", statements: v2Checkpoints },
  { version: 3, name: "parked streams: streams a log reader could not process", statements: v3ParkedStreams },
  {
    version: 4,
    name: "append notifications: NOTIFY on the schema's channel at commit",
    statements: v4AppendNotify,
  },
  { version: 5, name: "leases: one owner per processor among host processes", statements: v5Leases },
  { version: 6, name: "workflow states: snapshots of the log's workflows", statements: v6WorkflowStates },
];
