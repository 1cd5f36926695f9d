// Checking and saving the editor's document: local checks first, then the host builds the
// pipeline (and writes pipelines/<name>.json when saving). Part of the editor store.
import type { Ref, ShallowRef } from 'vue';
import { call } from '../api/client';
import type { EditorDoc } from '../flow/editor/doc';
import { pipelineNameProblem, toFile, type Problem } from '../flow/editor/to-file';
import type { EditorMessage } from './editor';
import { useProjectStore } from './project';

/** Shows a message in the editor's message bar. */
export type Say = (level: EditorMessage['level'], text: string, details?: string[]) => void;

export interface SavingState {
  doc: ShallowRef<EditorDoc>;
  clean: ShallowRef<EditorDoc>;
  editing: Ref<string | null>;
  flagged: Ref<string[]>;
  busy: Ref<boolean>;
  say: Say;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function editorSaving({ doc, clean, editing, flagged, busy, say }: SavingState) {
  return { validate, save };

  /** Local checks (name, unconnected inputs), then the host builds the Pipeline: cycles, duplicates, functions. */
  async function validate(): Promise<boolean> {
    const local = localProblems();
    if (local.length) {
      report('The pipeline cannot be saved yet', local);
      return false;
    }
    busy.value = true;
    try {
      const result = await call('pipelines.validate', { file: toFile(doc.value).file });
      if (!result.ok) {
        const byName = new Map(doc.value.nodes.filter((n) => n.kind === 'function').map((n) => [n.name, n.id]));
        report(
          'The engine refused this pipeline',
          result.issues.map((i) => ({
            id: i.node ? byName.get(i.node) : undefined,
            message: i.node ? `${i.node}: ${i.message}` : i.message,
          })),
        );
        return false;
      }
      say('ok', `'${doc.value.name}' is a valid pipeline.`);
      return true;
    } catch (err) {
      say('error', `Could not check the pipeline: ${errorText(err)}`);
      return false;
    } finally {
      busy.value = false;
    }
  }

  function localProblems(): Problem[] {
    const nameProblem = pipelineNameProblem(
      doc.value.name,
      useProjectStore().pipelines.map((p) => p.name),
      editing.value,
    );
    return [...(nameProblem ? [{ message: nameProblem }] : []), ...toFile(doc.value).problems];
  }

  function report(title: string, problems: Problem[]): void {
    flagged.value = [...new Set(problems.flatMap((p) => (p.id ? [p.id] : [])))];
    say(
      'error',
      problems.length === 1 ? `${title}: ${problems[0].message}` : `${title}:`,
      problems.length === 1 ? undefined : problems.map((p) => p.message),
    );
  }

  /** Writes pipelines/<name>.json; the host reloads the project, so the pipeline is selectable at once. */
  async function save(): Promise<string | null> {
    if (!(await validate())) return null;
    const name = doc.value.name;
    busy.value = true;
    try {
      const { path, summary } = await call('pipelines.save', { name, file: toFile(doc.value).file });
      const project = useProjectStore();
      project.summary = summary;
      // From now on this editor edits that file: saving again overwrites it, as the user expects.
      editing.value = name;
      clean.value = doc.value;
      say('ok', `Saved ${path}. '${name}' is now in the Pipeline list.`);
      return path;
    } catch (err) {
      say('error', `Could not save '${name}': ${errorText(err)}`);
      return null;
    } finally {
      busy.value = false;
    }
  }
}
