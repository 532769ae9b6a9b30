// Helpers shared by bench cases: one JSON row per metric on stdout, and markdown sections.
export function report(row) {
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ rss, ...row })}\n`);
}

/** A markdown section (starting with its own `## ` heading) that run.mjs writes into BENCHMARKS.md after the table. */
export function section(markdown) {
  process.stdout.write(`${JSON.stringify({ section: markdown })}\n`);
}

export function perSecond(count, ms) {
  return Math.round((count / ms) * 1000);
}

export function fmt(n) {
  return n.toLocaleString('en-US');
}
