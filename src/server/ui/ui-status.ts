import type { NotificationSummary, UpdateOperation } from "../../contracts/notifier-store.js";
import type { UpdaterStatus } from "../../contracts/store.js";
import { esc } from "../../report/html/escape.js";
import { dataTable } from "../../report/html/table.js";
import { uiPage } from "./ui-page.js";

/** "3 h ago": how old data is matters more at a glance than the timestamp, which stays beside it. */
export function age(iso: string | null, now: number): string {
  if (iso === null) return "never";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return "unknown";
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

const when = (iso: string | null, now: number): string => (iso === null ? "never" : `${esc(age(iso, now))} <span class="muted mono">${esc(iso)}</span>`);

/**
 * `/ui/updaters`: each updater's last run (outcome, records, age, the failure reason), then the
 * update operations the notifier recorded. A failed run keeps the data of the last good one, and
 * the page says both.
 */
export function updatersPage(
  status: readonly UpdaterStatus[],
  operations: ReadonlyMap<string, readonly UpdateOperation[]> | null,
  ready: { ok: boolean; message: string },
  now: number,
): string {
  const failed = status.filter((s) => s.lastRun.status === "failed").length;
  const runs =
    status.length === 0
      ? `<p class="warn">No updater has run: the database holds no vulnerability data, so nothing can be matched. Run <code>claro db update</code> or start the server with an update period.</p>`
      : dataTable({
          id: "updaters-table",
          caption: `Updaters (${status.length}; ${failed} failed on their last run)`,
          stack: true,
          columns: [
            { label: "Updater", sort: "text" },
            { label: "Last run", sort: "text" },
            { label: "Outcome", sort: "text" },
            { label: "Records", sort: "number", numeric: true },
            { label: "Data changed", sort: "text" },
            { label: "Failure reason" },
          ],
          rows: [...status]
            .sort((a, b) => (a.updater < b.updater ? -1 : a.updater > b.updater ? 1 : 0))
            .map((s) => ({
              data: { updater: s.updater, outcome: s.lastRun.status },
              cells: [
                { html: `<code>${esc(s.updater)}</code>`, sort: s.updater },
                { html: when(s.lastRun.finishedAt, now), sort: s.lastRun.finishedAt },
                { html: s.lastRun.status === "failed" ? `<span class="state-bad">failed</span>` : esc(s.lastRun.status), sort: s.lastRun.status },
                { html: String(s.recordCount), sort: s.recordCount },
                { html: when(s.lastChangedAt, now), sort: s.lastChangedAt ?? "" },
                { html: s.lastRun.error === null ? "" : esc(s.lastRun.error) },
              ],
            })),
        });
  const ops = [...(operations?.values() ?? [])]
    .flat()
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, 50);
  const opsHtml =
    operations === null
      ? `<p class="muted">The notifier does not run in this server, so no update operations are recorded.</p>`
      : ops.length === 0
        ? "<p>No update operation recorded yet.</p>"
        : dataTable({
            id: "operations-table",
            caption: `The ${ops.length} latest update operations`,
            stack: true,
            columns: [{ label: "When", sort: "text" }, { label: "Updater", sort: "text" }, { label: "Kind" }, { label: "Reference" }],
            rows: ops.map((o) => ({
              cells: [
                { html: when(o.date, now), sort: o.date },
                { html: `<code>${esc(o.updater)}</code>`, sort: o.updater },
                { html: esc(o.kind) },
                { html: `<code>${esc(o.ref)}</code>` },
              ],
            })),
          });
  return uiPage({
    title: "Updaters",
    section: "updaters",
    subtitle: ready.ok ? "The service is ready." : `The service is <strong>not ready</strong>: ${esc(ready.message)}`,
    body: `<section id="runs" aria-labelledby="runs-h"><h2 id="runs-h">Last run of each updater</h2>${runs}</section>
<section id="operations" aria-labelledby="operations-h"><h2 id="operations-h">Update operations</h2>${opsHtml}</section>`,
  });
}

/** `/ui/notifications`: the newest notifications, what they say in sum, and their webhook. */
export function notificationsPage(list: readonly NotificationSummary[] | null, limit: number, now: number): string {
  const body =
    list === null
      ? `<p class="muted">The notifier does not run in this server, so there are no notifications.</p>`
      : list.length === 0
        ? "<p>No notification yet: one is made when an update changes what affects an indexed manifest.</p>"
        : dataTable({
            id: "notifications-table",
            caption: list.length === limit ? `The ${limit} newest notifications` : `Notifications (${list.length})`,
            stack: true,
            columns: [
              { label: "Created", sort: "text", firstSort: "descending" },
              { label: "Notification" },
              { label: "Added", sort: "number", numeric: true },
              { label: "Removed", sort: "number", numeric: true },
              { label: "Manifests", sort: "number", numeric: true },
              { label: "Webhook" },
            ],
            rows: list.map((n) => {
              const d = n.delivery;
              const hook =
                d === null
                  ? `<span class="muted">none configured</span>`
                  : d.deliveredAt !== null
                    ? `delivered to <code>${esc(d.target)}</code> ${when(d.deliveredAt, now)}`
                    : `<span class="state-bad">not delivered</span> to <code>${esc(d.target)}</code> after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}${d.lastError === null ? "" : `: ${esc(d.lastError)}`}`;
              return {
                cells: [
                  { html: when(n.createdAt, now), sort: n.createdAt },
                  { html: `<code>${esc(n.id)}</code><br><span class="muted">update <code>${esc(n.updateRef)}</code></span>` },
                  { html: String(n.added), sort: n.added },
                  { html: String(n.removed), sort: n.removed },
                  { html: String(n.manifests), sort: n.manifests },
                  { html: hook },
                ],
              };
            }),
          });
  return uiPage({
    title: "Notifications",
    section: "notifications",
    subtitle: "Read through the notifier API: <code>/notifier/api/v1/notification/{id}</code>.",
    body,
  });
}
