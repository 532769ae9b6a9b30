import { RuleEngineError } from '../errors/rule-engine-error.js';

const unitMs = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
type Unit = keyof typeof unitMs;
const unitOrder = Object.keys(unitMs) as Unit[];

/** JSON-schema pattern of a duration: whole numbers with units w, d, h, m, s, largest first (`1h30m`). */
export const durationPattern = '^(?:\\d+w)?(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?:\\d+s)?$';

/**
 * Milliseconds of a duration like `30s`, `10m`, `1h`, `7d`, `2w` or `1h30m`. Throws a RuleEngineError
 * (RE_ERR_DURATION_INVALID) whose message names what is wrong: no unit, an unknown unit, a fraction,
 * a negative or zero length, units out of order.
 */
export function parseDuration(text: string): number {
  const fail = (why: string): never => {
    throw new RuleEngineError('RE_ERR_DURATION_INVALID', `invalid duration '${text}': ${why}`);
  };
  const trimmed = text.trim();
  if (trimmed === '') fail('it is empty; write a length like 10m, 1h or 1h30m');
  if (trimmed.startsWith('-')) fail('a duration cannot be negative');
  if (/^\d+$/.test(trimmed)) {
    fail(`it has no unit; write for example ${trimmed === '0' ? '10m' : `${trimmed}s or ${trimmed}m`} (units: w, d, h, m, s)`);
  }
  if (/\d[.,]\d/.test(trimmed)) fail('use whole numbers, for example 1h30m instead of 1.5h');
  let total = 0;
  let lastIndex = -1;
  let rest = trimmed;
  while (rest !== '') {
    const part = /^(\d+)([a-zA-Z]+)/.exec(rest);
    if (!part) fail(`cannot read '${rest}'; write a length like 10m, 1h or 1h30m`);
    const [whole, digits, unit] = part as unknown as [string, string, string];
    if (!(unit in unitMs)) fail(`unknown unit '${unit}'; use w, d, h, m or s`);
    const index = unitOrder.indexOf(unit as Unit);
    if (index <= lastIndex) fail('write each unit once, largest first, for example 1h30m');
    lastIndex = index;
    total += Number(digits) * unitMs[unit as Unit];
    rest = rest.slice(whole.length);
  }
  if (total === 0) fail('a duration must be longer than zero');
  if (!Number.isSafeInteger(total)) fail('it is too long');
  return total;
}
