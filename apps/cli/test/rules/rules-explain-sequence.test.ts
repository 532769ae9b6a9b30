import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { tempDirWith } from '../helpers/write-files.js';

const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));
const ruleId = 'b2c.data-plane.password-spray-then-token';

describe('b2c-alerts rules explain on a sequence rule', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDirWith({
      'token.json': JSON.stringify({
        activity: 'Issue an id_token to the application',
        result: 'success',
        details: { ClientIpAddress: '198.51.100.77' },
      }),
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says which steps the event counts for, each with its conditions', async () => {
    const run = await runCliCapture(['rules', 'explain', ruleId, `${dir}/token.json`, '--rules', rulesDir]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines).toContain('step spray: the event does not count for it');
    expect(lines).toContain('step token: the event counts for it');
    expect(lines).toContain('    ✓ condition succeeded');
    expect(lines.some((line) => line.startsWith('note: this is a sequence rule'))).toBe(true);
    expect(lines[lines.length - 2]).toBe('result: matches');
  });
});
