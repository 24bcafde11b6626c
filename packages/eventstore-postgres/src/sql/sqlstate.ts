/**
 * Names of the SQLSTATEs this package meets, for messages: a SQLSTATE and its condition name say what went
 * wrong without quoting the server's message, which may echo the values of the statement.
 */

// The conditions the store handles or is likely to meet, by exact code.
const CONDITIONS: Readonly<Record<string, string>> = {
  "22003": "numeric_value_out_of_range",
  "22021": "character_not_in_repertoire",
  "22P02": "invalid_text_representation",
  "22P05": "untranslatable_character",
  "23502": "not_null_violation",
  "23505": "unique_violation",
  "23514": "check_violation",
  "3F000": "invalid_schema_name",
  "40001": "serialization_failure",
  "40P01": "deadlock_detected",
  "42501": "insufficient_privilege",
  "42P01": "undefined_table",
  "53100": "disk_full",
  "53200": "out_of_memory",
  "53300": "too_many_connections",
  "54000": "program_limit_exceeded",
  "55P03": "lock_not_available",
  "57014": "query_canceled",
  "57P01": "admin_shutdown",
  "57P02": "crash_shutdown",
  "57P03": "cannot_connect_now",
};

// Every other code is named by its class (the first two characters).
const CLASSES: Readonly<Record<string, string>> = {
  "08": "connection_exception",
  "0A": "feature_not_supported",
  "22": "data_exception",
  "23": "integrity_constraint_violation",
  "25": "invalid_transaction_state",
  "28": "invalid_authorization_specification",
  "3F": "invalid_schema_name",
  "40": "transaction_rollback",
  "42": "syntax_error_or_access_rule_violation",
  "53": "insufficient_resources",
  "54": "program_limit_exceeded",
  "55": "object_not_in_prerequisite_state",
  "57": "operator_intervention",
  "58": "system_error",
  P0: "plpgsql_error",
  XX: "internal_error",
};

/** `SQLSTATE 22P02 (invalid_text_representation)`: the code and its condition (or class) name. */
export const describeSqlState = (state: string): string =>
  `SQLSTATE ${state} (${CONDITIONS[state] ?? CLASSES[state.slice(0, 2)] ?? "unknown condition"})`;
