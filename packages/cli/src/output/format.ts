import Table from "cli-table3";
import { CliUsageError } from "../errors.js";

/** How a command prints its rows. */
export type OutputFormat = "table" | "json" | "csv";

/** A printable cell. */
export type Cell = string | number | boolean | bigint | null;

/** Rows with named columns, printed in the column order given. */
export interface Rows {
  readonly columns: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<Readonly<Record<string, Cell>>>;
}

const FORMATS: ReadonlyArray<OutputFormat> = ["table", "json", "csv"];

/** Parses `--format`. */
export const parseFormat = (value: string): OutputFormat => {
  const format = FORMATS.find((candidate) => candidate === value);
  if (format === undefined) throw new CliUsageError(`--format must be table, json or csv, not "${value}"`);
  return format;
};

/** JSON with bigints (versions, positions) as decimal strings, so no precision is lost. */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);

const text = (cell: Cell | undefined): string => (cell === null || cell === undefined ? "" : String(cell));

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
const csvField = (cell: Cell | undefined): string => {
  const value = text(cell);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
};

/** CSV with a header line, CRLF-free (one record a line). */
export const toCsv = ({ columns, rows }: Rows): string =>
  `${[columns.map(csvField).join(","), ...rows.map((row) => columns.map((c) => csvField(row[c])).join(","))].join("\n")}\n`;

/** A boxed table for a terminal. */
export const toTable = ({ columns, rows }: Rows): string => {
  const table = new Table({ head: [...columns], style: { head: [], border: [] } });
  for (const row of rows) table.push(columns.map((column) => text(row[column])));
  return `${table.toString()}\n`;
};

/** Rows in the chosen format; JSON is an array of objects with the columns as keys. */
export const renderRows = (rows: Rows, format: OutputFormat): string => {
  if (format === "csv") return toCsv(rows);
  if (format === "json")
    return `${toJson(rows.rows.map((row) => Object.fromEntries(rows.columns.map((c) => [c, row[c] ?? null]))))}\n`;
  return toTable(rows);
};
