import { afterEach, describe, expect, it } from 'vitest';
import { EnginePool } from '../../src/query/engine-pool.js';

let pool: EnginePool | undefined;

afterEach(() => {
  pool?.close();
  pool = undefined;
});

describe('EnginePool', () => {
  it('refuses past maxWaiting with 503 busy', async () => {
    pool = new EnginePool({}, 1, 2);
    const held = await pool.borrow();
    const waiting = [pool.borrow(), pool.borrow()];
    await expect(pool.borrow()).rejects.toMatchObject({ status: 503, code: 'busy' });
    held.release();
    (await waiting[0]!).release();
    (await waiting[1]!).release();
  });

  it('drops a waiter whose request is aborted', async () => {
    pool = new EnginePool({}, 1, 2);
    const held = await pool.borrow();
    const controller = new AbortController();
    const waiter = pool.borrow({ signal: controller.signal });
    expect(pool.waiting).toBe(1);
    controller.abort();
    await expect(waiter).rejects.toBeDefined();
    expect(pool.waiting).toBe(0);
    held.release();
    // The engine went back idle, not to the aborted request.
    const next = await pool.borrow();
    next.release();
  });

  it('lets CSV exports hold at most size - 1 engines', async () => {
    pool = new EnginePool({}, 3, 8);
    const a = await pool.borrow({ export: true });
    const b = await pool.borrow({ export: true });
    await expect(pool.borrow({ export: true })).rejects.toMatchObject({ status: 503, code: 'busy' });
    const query = await pool.borrow();
    query.release();
    a.release();
    const c = await pool.borrow({ export: true });
    c.release();
    b.release();
  });
});
