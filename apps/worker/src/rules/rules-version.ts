import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The version an alert carries: the git commit of `dir` (12 hex) when `git -C dir rev-parse HEAD`
 * works and nothing under `dir` differs from it (tracked or untracked), else `contentHash`. Read-only:
 * `--no-optional-locks` keeps `git status` from touching the index.
 */
export async function rulesVersion(dir: string, contentHash: string): Promise<string> {
  try {
    const options = { timeout: 5000, windowsHide: true };
    const head = (await run('git', ['-C', dir, 'rev-parse', 'HEAD'], options)).stdout.trim();
    if (!/^[0-9a-f]{40,64}$/.test(head)) return contentHash;
    const status = (
      await run(
        'git',
        ['--no-optional-locks', '-C', dir, 'status', '--porcelain', '--untracked-files=all', '--', '.'],
        options,
      )
    ).stdout;
    return status.trim() === '' ? head.slice(0, 12) : contentHash;
  } catch {
    return contentHash;
  }
}

/** Content hash of the rule set's own hash plus the routes and silences files (12 hex). */
export function bundleContentHash(ruleSetVersion: string, routesText: string, silencesText: string): string {
  return createHash('sha256').update(`${ruleSetVersion}\0${routesText}\0${silencesText}`).digest('hex').slice(0, 12);
}
