import { useId } from "react";

export interface ChartBar {
  label: string;
  /** Undefined: nothing measured (the engine failed or sent no text); drawn as "—". */
  value?: number;
}

// viewBox units, about one per CSS pixel where two charts sit side by side; the SVG scales to fit.
const width = 360;
const labelWidth = 130;
const valueWidth = 70;
const rowHeight = 28;
const barHeight = 18;

/**
 * A hand-drawn horizontal bar chart, one bar per engine: a chart library would weigh more than
 * the whole benchmark view. Screen readers get every value from the SVG's title; each bar has its
 * own title too, which shows as a tooltip on hover.
 */
export function BenchmarkChart({ title, bars, format, unit = "" }: { title: string; bars: readonly ChartBar[]; format: (value: number) => string; unit?: string }) {
  const titleId = useId();
  const max = Math.max(0, ...bars.map((bar) => bar.value ?? 0));
  const barSpace = width - labelWidth - valueWidth;
  // The unit is in the caption; spoken values carry it too, as they are heard without the axis.
  const describe = (bar: ChartBar) => `${bar.label}: ${bar.value === undefined ? "not measured" : `${format(bar.value)}${unit}`}`;
  return (
    <figure className="benchmark-chart">
      <figcaption className="benchmark-chart-caption">{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${bars.length * rowHeight}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{`${title}. ${bars.map(describe).join("; ")}.`}</title>
        {bars.map((bar, index) => {
          const y = index * rowHeight;
          const barWidth = bar.value === undefined || max === 0 ? 0 : Math.max(1, (bar.value / max) * barSpace);
          return (
            <g key={`${bar.label}-${index}`}>
              <title>{describe(bar)}</title>
              <text x={labelWidth - 8} y={y + rowHeight / 2} className="benchmark-chart-label" textAnchor="end" dominantBaseline="middle">
                {bar.label}
              </text>
              <rect x={labelWidth} y={y + (rowHeight - barHeight) / 2} width={barWidth} height={barHeight} rx={3} className="benchmark-chart-bar" />
              <text x={labelWidth + barWidth + 6} y={y + rowHeight / 2} className="benchmark-chart-value" dominantBaseline="middle">
                {bar.value === undefined ? "—" : format(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
