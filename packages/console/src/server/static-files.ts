import { readFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { ConsoleRuntime } from './console-runtime.js';

const contentTypes: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

/** The built UI beside this module: dist/ui from dist/server (built) or from src/server (development). */
export function defaultUiDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const packageRoot = resolve(here, '..', '..');
  return join(packageRoot, 'dist', 'ui');
}

/** A file name the UI may have: one path segment of safe characters, with a known extension. */
const fileName = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * GET / and GET /<file>: files of the UI directory only, one level, no dot files, no `..`, no
 * encoded separators (the name is checked after decoding and the resolved path must stay inside).
 * Anything else is the JSON 404 of the API.
 */
export function registerStaticFiles(app: Hono, runtime: ConsoleRuntime): void {
  const root = resolve(runtime.uiDir);
  app.get('/:file{[^/]*}', async (c, next) => {
    const raw = c.req.param('file') || 'index.html';
    const name = safeDecode(raw);
    const ext = name?.slice(name.lastIndexOf('.') + 1).toLowerCase() ?? '';
    if (name === undefined || !fileName.test(name) || name.includes('..') || !(ext in contentTypes)) return next();
    const path = resolve(root, name);
    if (!path.startsWith(root + sep)) return next();
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      if (name === 'index.html') {
        return c.text(
          'The console UI is not built: run `pnpm --filter @b2c-alerts/console build`, then reload.\n',
          503,
        );
      }
      return next();
    }
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': contentTypes[ext]!,
      // Not content-hashed names: revalidate, so a rebuilt UI is picked up.
      'Cache-Control': 'no-cache',
    });
  });
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
