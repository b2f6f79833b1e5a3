"use client";
import { useId, useRef, useState, type ReactNode } from "react";

/**
 * A button for an irreversible or platform-wide action that first opens a dialog saying, in words and amounts,
 * what will happen; the action runs only on confirm. With `reason`, the dialog asks why in a required field (empty
 * at first: the reason is recorded on the ledger, so it must be the person's own words) and passes it on.
 */
export function ConfirmAction({
  label,
  className = "btn danger",
  disabled,
  title,
  children,
  confirmLabel,
  reason,
  onConfirm,
}: {
  /** The button's text, which opens the dialog. */
  label: ReactNode;
  className?: string;
  disabled?: boolean;
  /** The dialog's heading: the action as a question. */
  title: string;
  /** What will happen, in words and amounts. */
  children: ReactNode;
  /** The confirm button's text: the action itself ("Freeze loan 4"). */
  confirmLabel: string;
  /**
   * Ask for a reason (or another value): the field's label, optionally what becomes of the text, and a check that
   * returns a sentence when the value is not acceptable (by default: not empty).
   */
  reason?: { label: string; hint?: string; numeric?: boolean; validate?: (text: string) => string | undefined };
  onConfirm: (reason: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const fieldId = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const close = () => {
    dialog.current?.close();
    setText("");
    setError(undefined);
  };
  const confirm = () => {
    const typed = text.trim();
    const problem = reason ? (reason.validate ?? requireWords)(typed) : undefined;
    if (problem) return setError(problem);
    close();
    onConfirm(typed);
  };
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} className="card confirm" aria-labelledby={`${fieldId}-title`} onCancel={close} data-testid="confirm-dialog">
        <form
          method="dialog"
          className="form"
          // The reason is checked here, so that what is missing is said in the app's own sentence.
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            confirm();
          }}
        >
          <h2 id={`${fieldId}-title`}>{title}</h2>
          <div data-testid="confirm-consequences">{children}</div>
          {reason ? (
            <label className="field wide" htmlFor={fieldId}>
              {reason.label}
              {reason.numeric ? (
                <input id={fieldId} name="reason" inputMode="numeric" required value={text} onChange={(e) => setText(e.target.value)} />
              ) : (
                <textarea id={fieldId} name="reason" required rows={3} value={text} onChange={(e) => setText(e.target.value)} />
              )}
              {reason.hint ? <span className="muted">{reason.hint}</span> : null}
            </label>
          ) : null}
          {error ? <p className="error-text" role="alert">{error}</p> : null}
          <div className="row">
            <button type="submit" className="btn danger">{confirmLabel}</button>
            <button type="button" className="btn" onClick={close}>Keep things as they are</button>
          </div>
        </form>
      </dialog>
    </>
  );
}

const requireWords = (text: string) => (text ? undefined : "Write the reason in words: it is recorded on the ledger.");

/** What a reason typed in a ConfirmAction becomes: say it under the field. */
export const LEDGER_REASON_HINT = "Recorded on the ledger in these words, with their hash: the participant concerned, investors and the supervisors can read it.";
