// Project loading: conf/, parameters, the catalog and its factories, the registry, pipelines/*.json.
export { loadProject, loadProjectFromRef } from './load-project';
export { buildPipelineFile, savePipelineFile, writePipelineFile } from './pipeline-files';
export { listProjectFunctions } from './project-functions';
export { ProjectError } from './project-error';
export { parseRef } from './module-loader';
export type {
  CatalogEntry,
  CatalogOptions,
  LoadProjectOptions,
  PipelineFile,
  PipelineFileNode,
  Project,
  ProjectFunction,
} from './types';
