import type { ReactNode } from "react";

/** A message box: what happened and what to do, never a blank page. */
export function Notice({ tone = "info", title, children }: { tone?: "info" | "warn" | "error" | "ok"; title: string; children?: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === "error" ? "alert" : "status"}>
      <strong>{title}</strong>
      {children ? <div className="notice-body">{children}</div> : null}
    </div>
  );
}
