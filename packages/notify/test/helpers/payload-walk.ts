/** Every string inside a JSON-like value (keys excluded), for scanning received payloads. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allStrings);
  return [];
}

/** Recorded log calls, to check what a sender logs. */
export function recordingLogger(): {
  calls: unknown[];
  logger: {
    debug: (f: object, m: string) => void;
    info: (f: object, m: string) => void;
    warn: (f: object, m: string) => void;
    error: (f: object, m: string) => void;
  };
} {
  const calls: unknown[] = [];
  const log = (fields: object, message: string): void => {
    calls.push({ fields, message });
  };
  return { calls, logger: { debug: log, info: log, warn: log, error: log } };
}
