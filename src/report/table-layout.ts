// A box table laid out to a given width. cli-table3 wraps every column alike; here each column
// says whether and how far it may shrink, so the id never wraps and the title gives way first.

/** A cell: its plain text (which may hold newlines) and a style applied after padding, e.g. colour. */
export interface LayoutCell {
  readonly text: string;
  readonly style?: (s: string) => string;
}

export interface LayoutColumn {
  readonly head: string;
  /**
   * How far the column may shrink in each pass of fitWidths: pass k stops it at floors[k] (the
   * last entry for later passes). A column that must never wrap has a single huge floor.
   */
  readonly floors: readonly number[];
  /** At most this many lines per cell; the last one is elided with "…". Unlimited when absent. */
  readonly maxLines?: number;
}

/** A group of rows drawn without separators between them (one package's findings). */
export type LayoutGroup = readonly (readonly LayoutCell[])[];

/** Characters as the terminal counts them; the tables hold no wide or combining characters. */
function visible(s: string): number {
  return [...s].length;
}

/**
 * Breaks text into lines of at most `width` characters: at spaces where it can, inside a word
 * (a long version or URL) only when the word alone is wider than the column.
 */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/ +/).filter((w) => w !== "")) {
      let rest = word;
      if (line !== "" && visible(line) + 1 + visible(rest) <= width) {
        line = `${line} ${rest}`;
        continue;
      }
      if (line !== "") out.push(line);
      line = "";
      while (visible(rest) > width) {
        const chars = [...rest];
        out.push(chars.slice(0, width).join(""));
        rest = chars.slice(width).join("");
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

/** Cuts lines to `max`, marking the cut with "…" at the end of the last one kept. */
function elide(lines: string[], max: number | undefined, width: number): string[] {
  if (max === undefined || lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last = [...kept[max - 1]!];
  kept[max - 1] = `${(last.length >= width ? last.slice(0, width - 1) : last).join("").trimEnd()}…`;
  return kept;
}

/** Width of a table with these column widths: borders and one space of padding each side. */
export function tableWidth(widths: readonly number[]): number {
  return widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
}

/**
 * Column widths that fit `width`: each column starts at its natural width; then, pass by pass,
 * the widest column above its floor for that pass gives up a character at a time until the
 * table fits. So the title gives way first, and the versions only once the title is narrow.
 * If every column is at its last floor the table stays wider than asked (a tiny terminal).
 */
export function fitWidths(columns: readonly LayoutColumn[], natural: readonly number[], width: number): number[] {
  const widths = natural.map((n, i) => Math.max(n, visible(columns[i]!.head), 1));
  const passes = Math.max(...columns.map((c) => c.floors.length));
  for (let pass = 0; pass < passes && tableWidth(widths) > width; pass++) {
    const floor = (c: LayoutColumn): number => Math.max(c.floors[Math.min(pass, c.floors.length - 1)] ?? 1, 1);
    while (tableWidth(widths) > width) {
      let pick = -1;
      for (let i = 0; i < widths.length; i++) {
        if (widths[i]! <= floor(columns[i]!)) continue;
        if (pick === -1 || widths[i]! > widths[pick]!) pick = i;
      }
      if (pick === -1) break;
      widths[pick] = widths[pick]! - 1;
    }
  }
  return widths;
}

/** Natural (unwrapped) width of each column: its widest line in the head or any cell. */
export function naturalWidths(columns: readonly LayoutColumn[], groups: readonly LayoutGroup[]): number[] {
  return columns.map((c, i) =>
    Math.max(visible(c.head), ...groups.flatMap((g) => g.map((row) => Math.max(0, ...(row[i]?.text ?? "").split("\n").map(visible))))),
  );
}

function border(widths: readonly number[], left: string, mid: string, right: string): string {
  return `${left}${widths.map((w) => "─".repeat(w + 2)).join(mid)}${right}`;
}

function drawRow(cells: readonly LayoutCell[], columns: readonly LayoutColumn[], widths: readonly number[]): string[] {
  const wrapped = cells.map((c, i) => elide(wrapText(c.text, widths[i]!), columns[i]!.maxLines, widths[i]!));
  const height = Math.max(1, ...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let l = 0; l < height; l++) {
    const parts = wrapped.map((w, i) => {
      const text = w[l] ?? "";
      const pad = " ".repeat(Math.max(0, widths[i]! - visible(text)));
      const style = cells[i]!.style;
      return `${text === "" || style === undefined ? text : style(text)}${pad}`;
    });
    lines.push(`│ ${parts.join(" │ ")} │`);
  }
  return lines;
}

/** The table as text lines, no wider than `width` unless the columns' minimums are. */
export function layoutTable(columns: readonly LayoutColumn[], groups: readonly LayoutGroup[], width: number): string[] {
  const widths = fitWidths(columns, naturalWidths(columns, groups), width);
  const out = [
    border(widths, "┌", "┬", "┐"),
    ...drawRow(
      columns.map((c) => ({ text: c.head })),
      columns,
      widths,
    ),
  ];
  for (const group of groups) {
    out.push(border(widths, "├", "┼", "┤"));
    for (const row of group) out.push(...drawRow(row, columns, widths));
  }
  out.push(border(widths, "└", "┴", "┘"));
  return out;
}
