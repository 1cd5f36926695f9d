import type { PipelineGraph } from '../src-shared/contract';

export function generateGraph(options?: { functions?: number; datasets?: number; seed?: number }): PipelineGraph;
export function generateWideGraph(options?: { functions?: number }): PipelineGraph;
