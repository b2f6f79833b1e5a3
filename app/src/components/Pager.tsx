"use client";
import type { Paging } from "@/hooks/useIndex";

/** Previous and next for a list read a page at a time, and which rows of how many are shown. */
export function Pager({ paging, total, label = "rows" }: { paging: Paging; total: number | undefined; label?: string }) {
  if (total === undefined || total <= paging.limit) return null;
  const { offset, limit, setOffset } = paging;
  const last = Math.min(offset + limit, total);
  return (
    <div className="row" data-testid="pager">
      <button className="btn small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>Previous</button>
      <span className="muted">{total === 0 ? `no ${label}` : `${label} ${offset + 1}–${last} of ${total}`}</span>
      <button className="btn small" disabled={last >= total} onClick={() => setOffset(offset + limit)}>Next</button>
    </div>
  );
}
