import { afterEach } from 'vitest';
import { Pipeline, type PipelineOptions } from './alert-pipeline-harness.js';

export type StartPipeline = (options: PipelineOptions, workers?: number) => Promise<Pipeline>;

/**
 * For a test file whose tests each run a pipeline: returns `start`, which starts one with `workers`
 * worker pairs (default 1); every pipeline started in a test is closed after it.
 */
export function usePipelines(): StartPipeline {
  const pipelines: Pipeline[] = [];
  afterEach(async () => {
    await Promise.all(pipelines.splice(0).map((p) => p.close()));
  });
  return async (options, workers = 1) => {
    const p = await Pipeline.start(options);
    pipelines.push(p);
    for (let i = 0; i < workers; i++) p.startWorkers();
    return p;
  };
}
