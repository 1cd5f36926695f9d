// Typed errors. Messages follow Kedro's where Kedro has one, so users recognise them.

export class PipewrightError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A pipeline that cannot be built: duplicate names or outputs, a cycle, a bad mapping. */
export class PipelineError extends PipewrightError {}
export class OutputNotUniqueError extends PipelineError {}
export class CircularDependencyError extends PipelineError {}

/** A node definition that cannot be built, or a node that received or returned the wrong shape. */
export class NodeError extends PipewrightError {}

export class DatasetError extends PipewrightError {}
export class DatasetNotFoundError extends DatasetError {}
export class DatasetAlreadyExistsError extends DatasetError {}
export class VersionNotFoundError extends DatasetError {}

/** Something a runner refuses before any node runs (missing inputs, bad max workers…). */
export class RunnerError extends PipewrightError {}

/** A run stopped by its AbortSignal. */
export class RunCancelledError extends PipewrightError {
  constructor(message = 'The run was cancelled.') {
    super(message);
  }
}

/** A node whose function threw, carrying the node's name; the original error is the cause. */
export class NodeFailedError extends PipewrightError {
  constructor(
    readonly nodeName: string,
    cause: unknown,
  ) {
    super(`Node '${nodeName}' failed: ${errorMessage(cause)}`, { cause });
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** "Did you mean" candidates: names within a small edit distance, or sharing a prefix. */
export function closeMatches(word: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    const limit = Math.max(2, Math.floor(Math.max(word.length, c.length) / 3));
    if (d <= limit || c.startsWith(word) || c.endsWith(`.${word}`)) scored.push([d, c]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    .slice(0, max)
    .map(([, c]) => c);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
