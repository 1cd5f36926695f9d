import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Pipeline } from '../engine/pipeline';
import type { ProjectRef } from '../engine/runner/run-context';
import { errorMessage } from '../engine/errors';
import { catalogProblems, createCatalog, createDataset, entryFor, type CatalogSource } from './create-catalog';
import { loadDatasetTypes } from './dataset-factory';
import { DatasetPatterns } from './dataset-patterns';
import { createModuleLoader } from './module-loader';
import { loadProjectConfig } from './project-config';
import { loadPipelineFiles } from './pipeline-files';
import { REGISTRY_FILES, findRegistry, loadRegistry } from './pipeline-registry';
import { loadProjectHooks } from './project-hooks';
import { refreshProjectTypes } from './project-types';
import { ProjectError } from './project-error';
import type { LoadProjectOptions, Project } from './types';

const ENV_NAME = /^[\w.-]+$/;

/**
 * Loads a project folder: conf/ (base, then the environment), the pipeline registry and
 * pipelines/*.json. Everything that can be checked without running is checked here, and every
 * error is a ProjectError that names the file. Each call loads the project's modules afresh.
 */
export async function loadProject(rootArg: string, options: LoadProjectOptions = {}): Promise<Project> {
  const root = resolve(rootArg);
  const env = options.env ?? 'local';
  checkProjectFolder(root, env, options.env !== undefined);
  if (options.refreshTypes !== false) refreshProjectTypes(root);
  const baseDir = join(root, 'conf', 'base');
  const envDir = join(root, 'conf', env);

  const {
    catalog: config,
    parameters,
    credentials,
  } = loadProjectConfig(root, baseDir, envDir, options.runtimeParams ?? {});
  const patterns = new DatasetPatterns(config.entries, config.sources);
  const loader = createModuleLoader(root);
  const projectTypes = await loadDatasetTypes(config.entries, config.sources, loader);
  const source: CatalogSource = { root, config, patterns, parameters, projectTypes, credentials };
  createCatalog(source); // builds every configured dataset once; broken entries are set aside (catalogError)

  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    (options.onWarning ?? ((m: string) => process.stderr.write(`Warning: ${m}\n`)))(message);
  };
  const catalogError = catalogProblems(source);
  if (catalogError) warn(catalogError.message);
  const { pipelines, pipelineSources } = await loadPipelines(root, loader, warn);
  const hooks = await loadProjectHooks(loader);

  return {
    root,
    env,
    pipelines,
    parameters,
    catalogConfig: config.entries,
    catalogSources: config.sources,
    catalogError,
    datasetPatterns: patterns.patterns,
    pipelineSources,
    hooks,
    warnings,
    createCatalog: (catalogOptions) => createCatalog(source, catalogOptions),
    createDataset: (name, catalogOptions, change) => {
      const found = change && entryFor(source, name);
      return createDataset(source, name, catalogOptions, found ? change(found.entry) : undefined);
    },
    importExport: (ref) => loader.importExport(ref),
    importModule: (path) => loader.importModule(path),
    ref: (catalogOptions = {}): ProjectRef => ({
      root,
      env,
      runtimeParams: options.runtimeParams,
      loadVersions: catalogOptions.loadVersions,
      saveVersion: catalogOptions.saveVersion,
    }),
  };
}

/** Reloads the project a ProjectRef points at (worker threads and processes use it). */
export function loadProjectFromRef(ref: ProjectRef): Promise<Project> {
  // The host that started the run has reported the project's warnings already.
  return loadProject(ref.root, {
    env: ref.env,
    runtimeParams: ref.runtimeParams,
    onWarning: () => {},
    refreshTypes: false,
  });
}

function checkProjectFolder(root: string, env: string, explicitEnv: boolean): void {
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new ProjectError(`Project folder '${root}' does not exist.`);
  const hasConf = existsSync(join(root, 'conf', 'base'));
  if (!hasConf && !findRegistry(root)) {
    throw new ProjectError(
      `'${root}' is not a Pipewright project: it has no conf/base/ folder and no ${REGISTRY_FILES.join(', ')}. ` +
        'A project needs at least one of them (see examples/variance).',
    );
  }
  if (!ENV_NAME.test(env) || env === '.' || env === '..')
    throw new ProjectError(`'${env}' is not a valid environment name.`);
  if (env === 'base')
    throw new ProjectError(
      "The environment cannot be 'base': it is always read first; name the environment to read over it.",
    );
  if (explicitEnv && env !== 'local' && !existsSync(join(root, 'conf', env))) {
    throw new ProjectError(`Environment '${env}' not found: the project has no conf/${env}/ folder.`);
  }
}

async function loadPipelines(
  root: string,
  loader: ReturnType<typeof createModuleLoader>,
  warn: (message: string) => void,
) {
  const registryFile = findRegistry(root);
  const registered = registryFile ? await loadRegistry(loader, registryFile, warn) : {};
  const fromFiles = await loadPipelineFiles(loader);
  const pipelines: Record<string, Pipeline> = { ...registered };
  const pipelineSources: Record<string, string> = Object.fromEntries(
    Object.keys(registered).map((n) => [n, registryFile!]),
  );
  for (const [name, p] of Object.entries(fromFiles)) {
    if (name in registered) {
      throw new ProjectError(
        `Pipeline '${name}' is defined twice: by ${registryFile} and by pipelines/${name}.json. Rename one of them.`,
      );
    }
    pipelines[name] = p;
    pipelineSources[name] = `pipelines/${name}.json`;
  }
  if (!('__default__' in pipelines)) {
    try {
      pipelines.__default__ = new Pipeline([]).plus(...Object.values(pipelines));
    } catch (err) {
      throw new ProjectError(
        `The registered pipelines cannot be summed into __default__: ${errorMessage(err).replace(/\.$/, '')}. Define '__default__' in ${registryFile ?? REGISTRY_FILES[0]}.`,
        { cause: err },
      );
    }
    pipelineSources.__default__ = registryFile ? `${registryFile} (every pipeline)` : 'every pipeline';
  }
  return { pipelines, pipelineSources };
}
