import type { ReactNode } from "react";

/**
 * A table too wide for a phone scrolls inside this box rather than the page. The box is a named region the
 * keyboard can reach, so a table with nothing to click in it can still be scrolled with the arrow keys.
 */
export function TableBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-box" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
