// Helpers shared by bench cases: one JSON row per metric on stdout.
export function report(row) {
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ rss, ...row })}\n`);
}

export function perSecond(count, ms) {
  return Math.round((count / ms) * 1000);
}

export function fmt(n) {
  return n.toLocaleString('en-US');
}
