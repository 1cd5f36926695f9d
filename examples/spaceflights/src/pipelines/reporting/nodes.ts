import { aq, type Table } from 'pipewright';

/** Mean passenger capacity of each shuttle type. */
const capacityByType = (shuttles: Table) =>
  shuttles
    .groupby('shuttle_type')
    .rollup({ passenger_capacity: aq.op.mean('passenger_capacity') })
    .orderby('shuttle_type');

/** A Plotly bar chart (plotly.JSONDataset). */
export function comparePassengerCapacityPlotly(preprocessedShuttles: Table) {
  const byType = capacityByType(preprocessedShuttles);
  return {
    data: [{ type: 'bar', x: byType.array('shuttle_type', Array), y: byType.array('passenger_capacity', Array) }],
    layout: { title: { text: 'Shuttle passenger capacity' }, xaxis: { title: { text: 'Shuttles' } } },
  };
}

/** The same chart as a Vega-Lite spec (vega.VegaLiteDataset). */
export function comparePassengerCapacityVega(preprocessedShuttles: Table) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Shuttle passenger capacity',
    data: { values: capacityByType(preprocessedShuttles).objects() },
    mark: 'bar',
    encoding: {
      x: { field: 'shuttle_type', type: 'nominal', title: 'Shuttles' },
      y: { field: 'passenger_capacity', type: 'quantitative', title: 'Average passenger capacity' },
    },
  };
}

type Cell = { actual: number; predicted: number; count: number };

/** A made-up confusion matrix drawn as SVG (pillow.ImageDataset), as the starter's matplotlib one. */
export function createConfusionMatrix(_companies: Table): string {
  const actual = [0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1];
  const predicted = [1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1];
  const counts = aq.table({ actual, predicted }).groupby('actual', 'predicted').count().objects() as Cell[];
  const cells = counts.map(({ actual: a, predicted: p, count: n }) => {
    const [x, y] = [80 + p * 100, 50 + a * 100];
    return `<rect x="${x}" y="${y}" width="100" height="100" fill="#2166ac" fill-opacity="${n / 5}"/><text x="${x + 50}" y="${y + 55}">${n}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="280" font-family="sans-serif" text-anchor="middle">
<text x="180" y="25">Confusion matrix</text><text x="180" y="270">Predicted 0 | 1</text>
<text x="40" y="150" transform="rotate(-90 40 150)">Actual 0 | 1</text>${cells.join('')}</svg>\n`;
}
