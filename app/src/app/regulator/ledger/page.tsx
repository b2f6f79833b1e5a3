"use client";
import Link from "next/link";
import { Suspense, useEffect, useState, type FormEvent } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useLedger, type EventKind, type IndexStatus, type LedgerEvent } from "@/hooks/useLedger";
import { useParticipants } from "@/hooks/useParticipants";
import { useNames } from "@/hooks/useNames";
import { useDeployment } from "@/hooks/useDeployment";
import { LedgerEventTable } from "@/components/LedgerEventTable";
import { ChainAndBlock, RebuildIndexButton } from "@/components/LedgerChain";
import { Notice } from "@/components/Notice";
import styles from "@/components/ledger.module.css";
import { eventTitle } from "@/lib/ledgerEvents";

const FILTERS = ["loan", "account", "name", "contract", "from", "to"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const PAGE_SIZE = 50;

interface EventsAnswer {
  status: IndexStatus;
  total: number;
  page: number;
  pageSize: number;
  events: LedgerEvent[];
}

export default function LedgerExplorerPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Ledger explorer</h1>
          <p>Every event of the four contracts, from the server&apos;s index of the chain: filter by loan, participant, event, contract or date; open a transaction or a block.</p>
        </div>
      </div>
      <Suspense fallback={<div className="page-loading">Reading the filters …</div>}>
        <Explorer />
      </Suspense>
    </>
  );
}

function Explorer() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const applied = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ""])) as Filters;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [form, setForm] = useState<Filters>(applied);
  const queryString = params.toString();
  // The form follows the URL (back and forward, a link from another page).
  useEffect(() => setForm(Object.fromEntries(FILTERS.map((f) => [f, new URLSearchParams(queryString).get(f) ?? ""])) as Filters), [queryString]);

  const api = new URLSearchParams({ ...Object.fromEntries(Object.entries(applied).filter(([, v]) => v)), page: String(page), pageSize: String(PAGE_SIZE) });
  const events = useLedger<EventsAnswer>(`/api/ledger/events?${api}`);
  const status = useLedger<{ status: IndexStatus; kinds: EventKind[] }>("/api/ledger/status");
  const participants = useParticipants();
  const names = useNames();
  const contracts = Object.keys(useDeployment().contracts);

  const go = (filters: Partial<Filters>, toPage = 1) => {
    const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]);
    if (toPage > 1) q.set("page", String(toPage));
    router.push(q.size ? `${pathname}?${q}` : pathname);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim()])));
  };
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const kinds = (status.data?.kinds ?? []).filter((k) => !form.contract || k.contract === form.contract);
  const eventNames = [...new Set(kinds.map((k) => k.name))].sort();
  const active = FILTERS.filter((f) => applied[f]);

  return (
    <>
      <div className="card">
        <form className={styles.filters} onSubmit={submit} data-testid="ledger-filters">
          <label>
            Loan
            <input name="loan" inputMode="numeric" placeholder="any" value={form.loan} onChange={set("loan")} />
          </label>
          <label>
            Participant
            <input name="account" list="ledger-participants" placeholder="address" value={form.account} onChange={set("account")} />
            <datalist id="ledger-participants">
              {(participants.data ?? []).map((p) => (
                <option key={p.address} value={p.address.toLowerCase()}>
                  {names.label(p.address)}
                </option>
              ))}
            </datalist>
          </label>
          <label>
            Contract
            <select name="contract" value={form.contract} onChange={set("contract")}>
              <option value="">any</option>
              {contracts.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label>
            Event
            <select name="name" value={form.name} onChange={set("name")}>
              <option value="">any</option>
              {form.name && !eventNames.includes(form.name) ? <option value={form.name}>{eventTitle(form.name)}</option> : null}
              {eventNames.map((n) => (
                <option key={n} value={n}>
                  {eventTitle(n)}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input name="from" type="date" value={form.from} onChange={set("from")} />
          </label>
          <label>
            To
            <input name="to" type="date" value={form.to} onChange={set("to")} />
          </label>
          <div className={styles.filterActions}>
            <button className="btn primary" type="submit">
              Apply filters
            </button>
            {active.length ? (
              <Link href={pathname} className="btn">
                Clear
              </Link>
            ) : null}
            <span className="muted">
              {active.length ? `Filtered by ${active.map((f) => (f === "name" ? "event" : f === "account" ? "participant" : f)).join(", ")}.` : "No filter: the whole ledger, newest first."}
            </span>
          </div>
        </form>
      </div>
      <div className="card">
        {events.isPending ? (
          <div className="page-loading" data-testid="ledger-syncing">Bringing the index up to date with the chain …</div>
        ) : events.isError ? (
          <>
            <Notice tone="error" title="The ledger index cannot answer">
              {events.error.message}
            </Notice>
            <RebuildIndexButton />
          </>
        ) : events.data.status.events === 0 ? (
          <Notice title="The index is empty">
            No event of the platform&apos;s contracts has been indexed yet (<ChainAndBlock chain={events.data.status.chain} />). Events appear here once the chain has any.
          </Notice>
        ) : (
          <>
            <div className={styles.summary}>
              <span data-testid="ledger-total">
                {events.data.total.toLocaleString("en-US")} event{events.data.total === 1 ? "" : "s"}
                {active.length ? " match" : ""}
                {events.data.total > PAGE_SIZE ? ` · page ${page} of ${Math.ceil(events.data.total / PAGE_SIZE)}` : ""}
              </span>
              <span>
                <ChainAndBlock chain={events.data.status.chain} /> · {events.data.status.events.toLocaleString("en-US")} events
                {events.isFetching ? " · refreshing …" : ""}
              </span>
            </div>
            <LedgerEventTable events={events.data.events} empty="No event matches these filters." />
            {events.data.total > PAGE_SIZE ? (
              <div className={styles.pager}>
                <button className="btn small" disabled={page <= 1} onClick={() => go(applied, page - 1)}>
                  ← Newer
                </button>
                <span className="muted">
                  {(page - 1) * PAGE_SIZE + 1}–{Math.min(page * PAGE_SIZE, events.data.total)} of {events.data.total}
                </span>
                <button className="btn small" disabled={page * PAGE_SIZE >= events.data.total} onClick={() => go(applied, page + 1)}>
                  Older →
                </button>
              </div>
            ) : null}
            <RebuildIndexButton />
          </>
        )}
      </div>
    </>
  );
}
