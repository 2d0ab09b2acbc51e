/**
 * The charts of test/chart-kinds.test.ts: one or two per chart kind, each with known data and a
 * note on what it exercises (value labels vs. reading from the axis, legend, title, separators…).
 */
import type { ChartSpec } from "./render-chart.js";

export interface ChartCase {
  id: string;
  spec: ChartSpec;
  /** The series name the reading should carry, per series; `null` where the chart prints none. */
  seriesNames: (string | null)[];
  /** Values come from printed labels (exact) or must be read off the axis (tolerance). */
  valuesFrom: "labels" | "axis";
}

export const CHART_CASES: ChartCase[] = [
  {
    // Statista-like: title, shaded bands, value labels with thousands commas, y-axis title.
    id: "vbar-labels",
    spec: {
      kind: "vbar",
      title: "Passenger cars sold in Norway",
      categories: ["2018", "2019", "2020", "2021", "2022"],
      series: [{ name: "Cars sold", values: [1204, 1458, 1312, 1876, 2045] }],
      valueLabels: true,
      axisTitle: "Cars sold",
      bands: true,
      source: "© Statista 2024",
    },
    seriesNames: ["Cars sold"],
    valuesFrom: "labels",
  },
  {
    // OWID-like: no value labels, solid gridlines, decimal values, 6 word categories.
    id: "vbar-axis",
    spec: {
      kind: "vbar",
      categories: ["Apples", "Pears", "Plums", "Cherries", "Grapes", "Figs"],
      series: [{ name: "Price", values: [12.5, 37, 44.2, 21.8, 30, 8.4] }],
      axis: { max: 50, step: 10 },
      grid: "solid",
    },
    seriesNames: [null],
    valuesFrom: "axis",
  },
  {
    // Horizontal bars, country names left, value labels right of the bars, axis title below.
    id: "hbar-labels",
    spec: {
      kind: "hbar",
      title: "Coffee consumption per person",
      categories: ["Finland", "Norway", "Sweden", "Denmark", "Netherlands"],
      series: [{ name: "Kilograms per year", values: [12, 9.9, 9, 8.7, 8.4] }],
      valueLabels: true,
      decimals: 1,
      axisTitle: "Kilograms per year",
    },
    seriesNames: ["Kilograms per year"],
    valuesFrom: "labels",
  },
  {
    // Grouped columns, two series, legend at the bottom, value labels above each column.
    id: "vbar-grouped",
    spec: {
      kind: "vbar-grouped",
      title: "Survey responses by age group",
      categories: ["18-29", "30-49", "50-64", "65+"],
      series: [
        { name: "Agree", values: [64, 55, 47, 38] },
        { name: "Disagree", values: [31, 40, 48, 57] },
      ],
      valueLabels: true,
      percent: true,
      axis: { max: 80, step: 20 },
    },
    seriesNames: ["Agree", "Disagree"],
    valuesFrom: "labels",
  },
  {
    // Grouped horizontal bars, three series, legend on top (Pew), values read off the axis.
    id: "hbar-grouped",
    spec: {
      kind: "hbar-grouped",
      categories: ["Germany", "France", "Spain"],
      series: [
        { name: "2010", values: [420, 310, 180] },
        { name: "2015", values: [510, 365, 240] },
        { name: "2020", values: [585, 400, 305] },
      ],
      legendPosition: "top",
      axis: { max: 600, step: 100 },
      grid: "solid",
    },
    seriesNames: ["2010", "2015", "2020"],
    valuesFrom: "axis",
  },
  {
    // Statista stacked columns: blue + dark navy, white value labels inside the segments.
    id: "vbar-stacked",
    spec: {
      kind: "vbar-stacked",
      title: "Followers on social media",
      categories: ["2019", "2020", "2021", "2022"],
      series: [
        { name: "Facebook fans", values: [3.5, 4.2, 5.1, 5.6], color: "#2876dd" },
        { name: "Twitter followers", values: [1.2, 1.6, 1.9, 2.3], color: "#0f2a48" },
      ],
      valueLabels: true,
      axis: { max: 10, step: 2.5 },
      axisTitle: "Followers in millions",
    },
    seriesNames: ["Facebook fans", "Twitter followers"],
    valuesFrom: "labels",
  },
  {
    // Stacked horizontal bars, no value labels: segment values are differences of stack positions.
    id: "hbar-stacked",
    spec: {
      kind: "hbar-stacked",
      categories: ["North", "South", "East", "West"],
      series: [
        { name: "Online", values: [2000, 1500, 3000, 2500] },
        { name: "Retail", values: [3000, 2500, 1000, 4000] },
      ],
      axis: { max: 8000, step: 2000 },
      thousands: "space",
      axisTitle: "Sales in euros",
    },
    seriesNames: ["Online", "Retail"],
    valuesFrom: "axis",
  },
  {
    // Two lines with markers, legend, values read off the axis.
    id: "line-two-series",
    spec: {
      kind: "line",
      title: "Average temperature",
      categories: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul"],
      series: [
        { name: "Oslo", values: [-4, -3, 1, 6, 11, 15, 17] },
        { name: "Rome", values: [8, 9, 12, 15, 19, 23, 26] },
      ],
      axis: { min: -5, max: 30, step: 5 },
      axisTitle: "Degrees Celsius",
    },
    seriesNames: ["Oslo", "Rome"],
    valuesFrom: "axis",
  },
  {
    // Statista single line: value labels above the points, axis not starting at 0.
    id: "line-labels",
    spec: {
      kind: "line",
      categories: ["2015", "2016", "2017", "2018", "2019", "2020"],
      series: [{ name: "Risk index score", values: [5.87, 5.84, 6.64, 6.72, 6.53, 6.78] }],
      valueLabels: true,
      axis: { min: 5.8, max: 7, step: 0.2 },
      axisTitle: "Risk index score",
      bands: true,
      strokeWidth: 2.5,
    },
    seriesNames: ["Risk index score"],
    valuesFrom: "labels",
  },
  {
    // Pie, four wedges, name and percentage inside each wedge.
    id: "pie-inside",
    spec: {
      kind: "pie",
      title: "Market share of browsers",
      categories: ["Chrome", "Safari", "Edge", "Firefox"],
      series: [{ name: "Share", values: [45, 25, 18, 12] }],
      valueLabels: true,
    },
    seriesNames: [null],
    valuesFrom: "labels",
  },
  {
    // Donut, five wedges, "Name: NN%" beside each wedge with leader lines.
    id: "pie-donut-outside",
    spec: {
      kind: "pie",
      categories: ["Coal", "Gas", "Nuclear", "Hydro", "Wind"],
      series: [{ name: "Share", values: [35, 24, 18, 13, 10] }],
      valueLabels: true,
      donut: true,
      pieLabels: "outside",
    },
    seriesNames: [null],
    valuesFrom: "labels",
  },
  {
    // Pie with one-decimal shares and three thin neighbouring wedges whose outside labels are spread apart.
    id: "pie-thin-wedges",
    spec: {
      kind: "pie",
      title: "Smartphone market share",
      categories: ["Android", "iOS", "Huawei", "KaiOS", "Other"],
      series: [{ name: "Share", values: [68.5, 24.1, 4.2, 2.1, 1.1] }],
      valueLabels: true,
      pieLabels: "outside",
    },
    seriesNames: [null],
    valuesFrom: "labels",
  },
];
