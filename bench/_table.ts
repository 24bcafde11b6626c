/**
 * A plain-text table for the benchmarks' output: the first `textColumns` columns are text (left-aligned), the
 * rest figures (right-aligned), a dashed rule under the header.
 */
export const textTable = (
  header: ReadonlyArray<string>,
  lines: ReadonlyArray<ReadonlyArray<string>>,
  textColumns = 2,
): string => {
  const widths = header.map((title, c) =>
    Math.max(title.length, ...lines.map((line) => line[c]?.length ?? 0)),
  );
  const format = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, c) => (c < textColumns ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join(" | ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...lines.map(format)].join("\n");
};
