/** Small SVG charts drawn here, with no chart library: bars by category and lines over time. */

export interface Bar {
  label: string;
  value: number;
  tone?: string;
}

export function BarChart({ bars, format = String, height = 200, title }: { bars: Bar[]; format?: (v: number) => string; height?: number; title: string }) {
  const width = 560;
  const pad = { top: 16, bottom: 44, left: 8, right: 8 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - pad.left - pad.right) / Math.max(1, bars.length);
  const barWidth = Math.min(48, slot * 0.6);
  const inner = height - pad.top - pad.bottom;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <line x1={pad.left} x2={width - pad.right} y1={height - pad.bottom} y2={height - pad.bottom} className="axis" />
        {bars.map((b, i) => {
          const h = (b.value / max) * inner;
          const x = pad.left + slot * i + (slot - barWidth) / 2;
          const y = height - pad.bottom - h;
          return (
            <g key={b.label}>
              <rect x={x} y={y} width={barWidth} height={Math.max(h, b.value > 0 ? 2 : 0)} rx={3} className={`bar ${b.tone ?? ""}`} />
              <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" className="value">
                {b.value > 0 ? format(b.value) : ""}
              </text>
              <text x={x + barWidth / 2} y={height - pad.bottom + 16} textAnchor="middle" className="label">
                {b.label}
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

export function LineChart({ series, format = String, height = 220, title }: { series: Series[]; format?: (v: number) => string; height?: number; title: string }) {
  const width = 560;
  const pad = { top: 16, bottom: 36, left: 64, right: 28 };
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort();
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.y)));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const xOf = (x: string) => pad.left + (xs.length <= 1 ? innerW / 2 : (xs.indexOf(x) / (xs.length - 1)) * innerW);
  const yOf = (y: number) => pad.top + innerH - (y / max) * innerH;
  const ticks = [0, 0.5, 1].map((t) => t * max);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={yOf(t)} y2={yOf(t)} className="grid" />
            <text x={pad.left - 6} y={yOf(t) + 4} textAnchor="end" className="label">
              {format(t)}
            </text>
          </g>
        ))}
        {xs.map((x) => (
          <text key={x} x={xOf(x)} y={height - pad.bottom + 16} textAnchor="middle" className="label">
            {x}
          </text>
        ))}
        {series.map((s, i) => (
          <g key={s.name} className={`series series-${i % 6}`}>
            <polyline fill="none" points={s.points.map((p) => `${xOf(p.x)},${yOf(p.y)}`).join(" ")} />
            {s.points.map((p) => (
              <circle key={p.x} cx={xOf(p.x)} cy={yOf(p.y)} r={3}>
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
