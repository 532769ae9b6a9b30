import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The console must work with no internet: its page may only load assets it serves itself.
describe('the console page', () => {
  it('loads no remote script, stylesheet or font', async () => {
    const html = await readFile(join(import.meta.dirname, '..', '..', 'ui', 'index.html'), 'utf8');
    const sources = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).not.toMatch(/^(?:[a-z]+:)?\/\//i);
  });
});
