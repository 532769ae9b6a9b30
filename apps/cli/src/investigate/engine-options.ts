import { tmpdir } from 'node:os';
import type { EngineOptions } from '@b2c-alerts/investigate';

/**
 * The query engine as the CLI runs it: two threads, 256 MB, and a private spill directory (made by the
 * engine, mode 0700) under the system's temporary directory, so a day sorted for an export that does not
 * fit in memory spills instead of failing.
 */
export const cliEngineOptions: EngineOptions = {
  threads: 2,
  memoryLimit: '256MB',
  tempDir: tmpdir(),
};
