/**
 * Small SVG charts drawn here, with no chart library: bars by category and lines over time. Lines are drawn in the
 * order of their x values (dates as YYYY-MM or YYYY-MM-DD sort as text), whatever order the points came in; a log
 * scale keeps a small series readable beside a large one. Every mark carries its value as a tooltip.
 */

export interface Bar {
  label: string;
  value: number;
  tone?: string;
  /** The full name of the bar when `label` is shortened (shown as its tooltip). */
  title?: string;
}

/** A label cut to `max` characters with an ellipsis, so neighbouring labels do not overlap. */
const shorten = (label: string, max: number) => (label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`);

export function BarChart({ bars, format = String, height = 200, title }: { bars: Bar[]; format?: (v: number) => string; height?: number; title: string }) {
  const width = 560;
  const pad = { top: 16, bottom: 44, left: 8, right: 8 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - pad.left - pad.right) / Math.max(1, bars.length);
  const barWidth = Math.min(48, slot * 0.6);
  const inner = height - pad.top - pad.bottom;
  const labelChars = Math.max(4, Math.floor(slot / 7));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${bars.map((b) => `${b.title ?? b.label} ${format(b.value)}`).join(", ")}`}>
        <line x1={pad.left} x2={width - pad.right} y1={height - pad.bottom} y2={height - pad.bottom} className="axis" />
        {bars.map((b, i) => {
          const h = (b.value / max) * inner;
          const x = pad.left + slot * i + (slot - barWidth) / 2;
          const y = height - pad.bottom - h;
          return (
            <g key={`${i}-${b.label}`}>
              <title>{`${b.title ?? b.label}: ${format(b.value)}`}</title>
              <rect x={x} y={y} width={barWidth} height={Math.max(h, b.value > 0 ? 2 : 0)} rx={3} className={`bar ${b.tone ?? ""}`} />
              <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" className="value">
                {b.value > 0 ? format(b.value) : ""}
              </text>
              <text x={x + barWidth / 2} y={height - pad.bottom + 16} textAnchor="middle" className="label">
                {shorten(b.label, labelChars)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export interface Series {
  name: string;
  points: { x: string; y: number }[];
}

/** Tick values of an axis up to `max`: thirds on a linear scale, powers of ten (and the top) on a log scale. */
function axisTicks(scale: "linear" | "log", min: number, max: number): number[] {
  if (scale === "linear") return [0, 0.5, 1].map((t) => t * max);
  const ticks: number[] = [];
  for (let p = Math.floor(Math.log10(min)); 10 ** p <= max; p += 1) if (10 ** p >= min) ticks.push(10 ** p);
  return ticks.length > 0 ? ticks : [min, max];
}

export function LineChart({
  series,
  format = String,
  height = 220,
  title,
  scale = "linear",
}: {
  series: Series[];
  format?: (v: number) => string;
  height?: number;
  title: string;
  /** "log" when series differ by orders of magnitude: each stays readable instead of one flattening the others. */
  scale?: "linear" | "log";
}) {
  const width = 560;
  const pad = { top: 16, bottom: 36, left: 64, right: 28 };
  const ordered = series.map((s) => ({ ...s, points: [...s.points].sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0)) }));
  const xs = [...new Set(ordered.flatMap((s) => s.points.map((p) => p.x)))].sort();
  const ys = ordered.flatMap((s) => s.points.map((p) => p.y));
  const max = Math.max(1, ...ys);
  // A log axis starts at the power of ten under the smallest positive value; zero and below sit on its floor.
  const floor = 10 ** Math.floor(Math.log10(Math.min(max, ...ys.filter((y) => y > 0))));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const xOf = (x: string) => pad.left + (xs.length <= 1 ? innerW / 2 : (xs.indexOf(x) / (xs.length - 1)) * innerW);
  const share = (y: number) => (scale === "log" ? (max <= floor ? 1 : (Math.log10(Math.max(y, floor)) - Math.log10(floor)) / (Math.log10(max) - Math.log10(floor))) : y / max);
  const yOf = (y: number) => pad.top + innerH - share(y) * innerH;
  const ticks = axisTicks(scale, floor, max);
  // On a narrow axis every other month is enough to read the dates.
  const xStep = Math.max(1, Math.ceil(xs.length / 8));
  return (
    <figure className="chart">
      <figcaption>
        {title}
        {scale === "log" ? <span className="muted"> · log scale</span> : null}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${ordered.map((s) => `${s.name}, ${s.points.length} months to ${s.points.at(-1)?.x ?? "-"}`).join("; ")}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={yOf(t)} y2={yOf(t)} className="grid" />
            <text x={pad.left - 6} y={yOf(t) + 4} textAnchor="end" className="label">
              {format(t)}
            </text>
          </g>
        ))}
        {xs.map((x, i) =>
          i % xStep === 0 ? (
            <text key={x} x={xOf(x)} y={height - pad.bottom + 16} textAnchor="middle" className="label">
              {x}
            </text>
          ) : null
        )}
        {ordered.map((s, i) => (
          <g key={s.name} className={`series series-${i % 6}`}>
            <polyline fill="none" points={s.points.map((p) => `${xOf(p.x)},${yOf(p.y)}`).join(" ")} />
            {s.points.map((p, j) => (
              <circle key={`${p.x}-${j}`} cx={xOf(p.x)} cy={yOf(p.y)} r={3}>
                <title>{`${s.name} ${p.x}: ${format(p.y)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      {series.length > 1 ? (
        <div className="legend">
          {series.map((s, i) => (
            <span key={s.name} className={`legend-item series-${i % 6}`}>
              <i /> {s.name}
            </span>
          ))}
        </div>
      ) : null}
    </figure>
  );
}
