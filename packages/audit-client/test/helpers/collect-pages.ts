import type { AuditPage } from '../../src/index.js';

/** Every page a reader yields, in order. */
export async function collectPages(pages: AsyncGenerator<AuditPage>): Promise<AuditPage[]> {
  const out: AuditPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}
