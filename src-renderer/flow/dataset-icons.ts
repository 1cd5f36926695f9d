// A dataset's type as a glyph on its box (Kedro-Viz draws an icon per type); the type's full name is
// the glyph's tooltip and accessible name. Matched on the type's last part, `pandas.CSVDataset` → CSV.
const ICONS: Array<[RegExp, string]> = [
  [/^Memory/i, '◌'],
  [/^(CSV|Excel|Parquet|Feather|Table|SQLTable|SQLQuery)/i, '▦'],
  [/^SQL/i, '⛁'],
  [/^JSON/i, '{}'],
  [/^(Pickle|Joblib)/i, '◆'],
  [/^(Plotly|Vega|Matplotlib)/i, '📈'],
  [/^(Image|Pillow)/i, '▣'],
  [/^Text/i, '¶'],
  [/^API/i, '⇅'],
  [/^Partitioned/i, '▤'],
  [/^Lambda/i, 'λ'],
];

export function datasetIcon(type: string | undefined): string {
  const short = (type ?? 'MemoryDataset').split('.').pop() ?? '';
  return ICONS.find(([re]) => re.test(short))?.[1] ?? '●';
}
