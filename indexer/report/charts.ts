/**
 * Bar charts as inline SVG, generated here so that the report opens offline with nothing to fetch.
 */
export interface Series {
  name: string;
  values: number[];
  color: string;
}

export interface BarChart {
  title: string;
  labels: string[];
  series: Series[];
  /** Formats a value for the axis and the labels on the bars. */
  format?: (v: number) => string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function barChartSvg(chart: BarChart, width = 640, height = 280): string {
  const format = chart.format ?? ((v: number) => v.toLocaleString("en-US"));
  const margin = { top: 36, right: 16, bottom: 56, left: 72 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const max = Math.max(0, ...chart.series.flatMap((s) => s.values));
  const top = max === 0 ? 1 : niceCeil(max);
  const groups = Math.max(1, chart.labels.length);
  const groupW = plotW / groups;
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, chart.series.length));
  const y = (v: number) => margin.top + plotH - (v / top) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(chart.title)}">`);
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(chart.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10">${esc(format(v))}</text>`);
  }
  if (chart.labels.length === 0) parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" font-size="12" fill="#888">no data</text>`);
  chart.labels.forEach((label, g) => {
    const x0 = margin.left + g * groupW + groupW * 0.1;
    chart.series.forEach((s, k) => {
      const v = s.values[g] ?? 0;
      const x = x0 + k * barW;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(margin.top + plotH - y(v)).toFixed(1)}" fill="${s.color}"><title>${esc(`${s.name} ${label}: ${format(v)}`)}</title></rect>`);
    });
    const lx = margin.left + g * groupW + groupW / 2;
    const shown = groups > 16 ? (g % Math.ceil(groups / 16) === 0 ? label : "") : label;
    parts.push(`<text x="${lx}" y="${height - margin.bottom + 14}" text-anchor="end" font-size="10" transform="rotate(-30 ${lx} ${height - margin.bottom + 14})">${esc(shown)}</text>`);
  });
  if (chart.series.length > 1) {
    chart.series.forEach((s, k) => {
      const lx = margin.left + k * 140;
      parts.push(`<rect x="${lx}" y="${height - 14}" width="10" height="10" fill="${s.color}"/><text x="${lx + 14}" y="${height - 5}" font-size="11">${esc(s.name)}</text>`);
    });
  }
  parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push("</svg>");
  return parts.join("");
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
