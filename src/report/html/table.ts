import { esc } from "./escape.js";

export interface Column {
  readonly label: string;
  /** Sort as numbers (`data-sort` values) or as text; absent: not sortable. */
  readonly sort?: "number" | "text";
  /** The first click sorts this way (severity: most severe first). */
  readonly firstSort?: "ascending" | "descending";
  readonly numeric?: boolean;
}

export interface Cell {
  /** Already-escaped HTML. */
  readonly html: string;
  readonly sort?: string | number;
}

export interface Row {
  readonly cells: readonly Cell[];
  /** `data-*` attributes the filters read (names without the `data-` prefix). */
  readonly data?: Readonly<Record<string, string>>;
}

export interface TableSpec {
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  /** Stacked cards on narrow screens, each cell labelled with its column. */
  readonly stack?: boolean;
}

/** A static table that reads complete without the script; the script adds sorting to it. */
export function dataTable(t: TableSpec): string {
  const sortable = t.columns.some((c) => c.sort !== undefined);
  const head = t.columns
    .map((c) => {
      const attrs = [c.sort ? ` data-sort-type="${c.sort}"` : "", c.firstSort ? ` data-sort-first="${c.firstSort}"` : "", c.numeric ? ` class="num"` : ""].join(
        "",
      );
      return `<th scope="col"${attrs}>${esc(c.label)}</th>`;
    })
    .join("");
  const body = t.rows
    .map((r) => {
      const data = Object.entries(r.data ?? {})
        .map(([k, v]) => ` data-${k}="${esc(v)}"`)
        .join("");
      const cells = r.cells
        .map((c, i) => {
          const col = t.columns[i];
          const sort = c.sort === undefined ? "" : ` data-sort="${esc(String(c.sort))}"`;
          const cls = col?.numeric ? ` class="num"` : "";
          return `<td data-label="${esc(col?.label ?? "")}"${cls}${sort}>${c.html}</td>`;
        })
        .join("");
      return `<tr${data}>${cells}</tr>`;
    })
    .join("\n");
  const classes = [t.stack ? "stack" : ""].filter((c) => c !== "").join(" ");
  return `<div class="table-wrap"><table id="${esc(t.id)}"${classes ? ` class="${classes}"` : ""}${sortable ? " data-sortable" : ""}>
<caption>${esc(t.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>`;
}

export interface FilterControl {
  readonly label: string;
  readonly attr: string;
  readonly op: "eq" | "min" | "flag" | "search";
  /** Select options (value, label); the first is usually "all" with value "". */
  readonly options?: readonly (readonly [string, string])[];
}

/** The filter form of one table; hidden until the script runs, since it needs the script to work. */
export function filterForm(tableId: string, noun: string, controls: readonly FilterControl[]): string {
  const status = `${tableId}-status`;
  const fields = controls
    .map((c, i) => {
      const id = `${tableId}-f${i}`;
      const common = `id="${id}" data-filter="${esc(c.attr)}" data-op="${c.op}"`;
      if (c.op === "flag") return `<label class="check" for="${id}"><input type="checkbox" ${common}> ${esc(c.label)}</label>`;
      if (c.op === "search") return `<label for="${id}">${esc(c.label)}<input type="search" ${common}></label>`;
      const options = (c.options ?? []).map(([v, l]) => `<option value="${esc(v)}">${esc(l)}</option>`).join("");
      return `<label for="${id}">${esc(c.label)}<select ${common}>${options}</select></label>`;
    })
    .join("\n");
  return `<form class="filters" data-table="${esc(tableId)}" data-status="${status}" data-noun="${esc(noun)}" aria-label="Filter the ${esc(noun)}" hidden>
${fields}
</form>
<p id="${status}" role="status" aria-live="polite" class="muted"></p>`;
}
