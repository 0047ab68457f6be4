import type { EChartsCoreOption } from "echarts/core";
import { useId } from "react";
import { ChartEnhancer } from "./ChartEnhancer";
import { renderSvg } from "./render";

/**
 * The one chart component: the server renders the SVG into the page (readable without JavaScript);
 * in the browser ECharts takes the same option over for tooltips. The SVG is sent once, in the
 * HTML; only the option travels to the client component.
 */
export function Chart({ option, width = 960, height = 360, title, cacheKey }: { option: EChartsCoreOption; width?: number; height?: number; title: string; cacheKey?: string }) {
  const id = `chart-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const svg = renderSvg(option, width, height, cacheKey);
  return (
    <figure className="chart" aria-label={title}>
      <div id={id} className="chart-box" style={{ maxWidth: width, aspectRatio: `${width} / ${height}` }} dangerouslySetInnerHTML={{ __html: svg }} />
      <ChartEnhancer targetId={id} option={JSON.stringify(option)} />
    </figure>
  );
}
