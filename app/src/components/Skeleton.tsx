/**
 * Grey lines in the shape of what is coming, while it is read: never a sentence such as "No repayments yet." that
 * would read as a fact before the data has arrived. `label` says what is being read, for screen readers.
 */
export function Skeleton({ lines = 3, label = "Loading" }: { lines?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="skeleton-line" />
      ))}
    </div>
  );
}
