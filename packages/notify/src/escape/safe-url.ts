const maxUrlLength = 2000;

/**
 * Returns the normalized `href` of an absolute http(s) URL, or undefined for anything else
 * (javascript:, data:, relative or malformed). Links come from rule files and config, which are
 * reviewed in git, but they still end up inside Slack `<url|label>` syntax and HTML attributes.
 * `|` is percent-encoded because Slack reads it as the label separator.
 */
export function safeUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.length > maxUrlLength) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  const href = url.href.replace(/\|/g, '%7C');
  return href.length <= maxUrlLength ? href : undefined;
}
