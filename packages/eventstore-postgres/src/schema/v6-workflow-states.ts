/**
 * Migration 6: snapshots of the log's workflows (the install resumer's waiting list…), one row per workflow name,
 * so a restarted workflow folds only the log after its snapshot. `position` is the last global position folded
 * into `state`.
 */
export const v6WorkflowStates = (schema: string): ReadonlyArray<string> => [
  `CREATE TABLE "${schema}".workflow_states (
     name text PRIMARY KEY,
     position bigint NOT NULL CHECK (position >= 0),
     state jsonb NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT statement_timestamp()
   )`,
];
