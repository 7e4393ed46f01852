import {
  Chart,
  ChartAxis,
  ChartBar,
  ChartLine,
  ChartStack,
  ChartVoronoiContainer,
} from "@patternfly/react-charts";
import chart_color_blue_300 from "@patternfly/react-tokens/dist/esm/chart_color_blue_300";
import chart_color_green_300 from "@patternfly/react-tokens/dist/esm/chart_color_green_300";
import chart_color_red_100 from "@patternfly/react-tokens/dist/esm/chart_color_red_100";
import { rejections, usageSummary, type Usage } from "./api";

const VERIFIED = { name: "Verifications", color: chart_color_green_300.value };
const REJECTED = { name: "Rejections", color: chart_color_red_100.value };
const QUOTA = { name: "Quota units used", color: chart_color_blue_300.value };
const WIDTH = 720;
const HEIGHT = 240;
const PADDING = { bottom: 70, left: 50, right: 20, top: 16 };

type Point = { x: string; y: number; series: string };

/**
 * A user's or a key's usage per UTC day: verifications and rejections stacked, the quota units used as a line; drawn
 * as the account console draws a key's. Its own module, loaded when the usage page first shows a chart, so the
 * charting library is not part of the console's first download.
 */
export default function UsageChart({ usage, name, testId }: { usage: Usage; name: string; testId: string }) {
  const label = (day: string) => day.slice(5);
  const series = (title: string, value: (day: Usage["days"][number]) => number): Point[] =>
    usage.days.map((day) => ({ x: label(day.day), y: value(day), series: title }));
  const verified = series(VERIFIED.name, (day) => day.verified);
  const rejected = series(REJECTED.name, rejections);
  const quota = series(QUOTA.name, (day) => day.quota_used);
  const highest = Math.max(1, ...usage.days.map((day) => Math.max(day.verified + rejections(day), day.quota_used)));
  // A tick a week, ending today, so the newest day is always labelled.
  const ticks = usage.days.filter((_, i) => (usage.days.length - 1 - i) % 7 === 0).map((day) => label(day.day));
  // Bars take about two thirds of each day's width, so a single busy day is seen at a glance.
  const barWidth = Math.max(2, Math.floor(((WIDTH - PADDING.left - PADDING.right) / usage.days.length) * 0.65));
  return (
    <div style={{ height: HEIGHT, maxWidth: WIDTH }} data-testid={testId}>
      <Chart
        ariaTitle={`Usage of ${name} per day, ${usage.from} to ${usage.to} (UTC)`}
        ariaDesc={usageSummary(usage.totals)}
        containerComponent={
          <ChartVoronoiContainer
            labels={({ datum }: { datum: Point }) => `${datum.x} ${datum.series}: ${datum.y}`}
            constrainToVisibleArea
          />
        }
        domain={{ y: [0, highest] }}
        domainPadding={{ x: [barWidth, barWidth] }}
        legendData={[VERIFIED, REJECTED, QUOTA].map(({ name, color }) => ({ name, symbol: { fill: color } }))}
        legendPosition="bottom"
        height={HEIGHT}
        width={WIDTH}
        padding={PADDING}
      >
        <ChartAxis tickValues={ticks} />
        <ChartAxis dependentAxis showGrid tickFormat={(tick: number) => (Number.isInteger(tick) ? tick : "")} />
        <ChartStack>
          <ChartBar data={verified} barWidth={barWidth} style={{ data: { fill: VERIFIED.color } }} />
          <ChartBar data={rejected} barWidth={barWidth} style={{ data: { fill: REJECTED.color } }} />
        </ChartStack>
        <ChartLine data={quota} style={{ data: { stroke: QUOTA.color, strokeWidth: 2 } }} />
      </Chart>
    </div>
  );
}
