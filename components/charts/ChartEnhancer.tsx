"use client";

import { useEffect } from "react";

/** Replaces a server-rendered SVG chart with a live ECharts instance of the same option. */
export function ChartEnhancer({ targetId, option }: { targetId: string; option: string }) {
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    void import("echarts").then((echarts) => {
      const el = document.getElementById(targetId);
      if (disposed || !el) return;
      el.innerHTML = "";
      const c = echarts.init(el, null, { renderer: "svg" });
      // no animation: the chart the server drew is simply taken over, not drawn again
      c.setOption({ ...JSON.parse(option), animation: false });
      chart = c;
      window.addEventListener("resize", onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      chart?.dispose();
    };
  }, [targetId, option]);
  return null;
}
