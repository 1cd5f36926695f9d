// The command names alone, free of zod: the sandboxed preload bundles this, not the schemas.
export const commandNames = [
  'app.info',
  'project.open',
  'project.pick',
  'project.recent',
  'project.current',
  'project.reload',
  'pipelines.graph',
  'pipelines.functions',
  'pipelines.save',
  'pipelines.validate',
  'runs.start',
  'runs.cancel',
  'runs.live',
  'runs.list',
  'runs.get',
  'runs.resume',
  'runs.compare',
  'datasets.inspect',
  'datasets.preview',
  'datasets.table',
  'datasets.stats',
  'nodes.detail',
  'outputs.drift',
  'outputs.stale',
  'runs.diff',
] as const;

export type CommandName = (typeof commandNames)[number];

export function isCommandName(value: string): value is CommandName {
  return (commandNames as readonly string[]).includes(value);
}
