import { JSONDataset } from './json-dataset';
import { typeOf } from './text-dataset';

/*
 * Chart specifications stored as JSON, so a reporting pipeline's charts can be kept, versioned and
 * drawn elsewhere. They are JSON datasets that refuse, before writing, a value that is not a spec.
 */

/** A Plotly figure `{ data: [traces], layout?, frames? }` (Kedro's plotly.JSONDataset). */
export class PlotlyJSONDataset extends JSONDataset<PlotlyFigure> {
  protected encode(data: PlotlyFigure): string {
    const ok =
      isPlainObject(data) && Array.isArray(data.data) && (data.layout === undefined || isPlainObject(data.layout));
    if (!ok)
      throw new Error(
        `${this.constructor.name} saves a Plotly figure { data: [traces], layout }, got ${describeValue(data)}`,
      );
    return super.encode(data);
  }
}

/** Kedro's plotly.PlotlyDataset, for figures made by the node: the same file as plotly.JSONDataset. */
export class PlotlyDataset extends PlotlyJSONDataset {}

/** A Vega-Lite specification (an object with `mark`, `layer`, `concat`… and usually `$schema`). */
export class VegaLiteDataset extends JSONDataset<Record<string, unknown>> {
  protected encode(data: Record<string, unknown>): string {
    if (!isPlainObject(data))
      throw new Error(`VegaLiteDataset saves a Vega-Lite spec (an object), got ${describeValue(data)}`);
    const schema = data.$schema;
    if (schema !== undefined && (typeof schema !== 'string' || !/vega-lite/i.test(schema))) {
      throw new Error(`VegaLiteDataset saves a Vega-Lite spec; its $schema is ${JSON.stringify(schema)}`);
    }
    return super.encode(data);
  }
}

export interface PlotlyFigure {
  data: unknown[];
  layout?: Record<string, unknown>;
  [key: string]: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function describeValue(v: unknown): string {
  if (isPlainObject(v)) return `an object with keys ${Object.keys(v).slice(0, 5).join(', ') || '(none)'}`;
  return typeOf(v);
}
