import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script with the number of KEYS and ARGV it reads, as its header comment lists them. `Reply` is
 * the script's reply as callers read it: a type only, Redis replies are not checked against it.
 */
export interface LuaScript<Keys extends number, Args extends number, Reply> {
  readonly lua: string;
  readonly numberOfKeys: Keys;
  readonly numberOfArgs: Args;
  /** Never set: carries `Reply` for defineScripts to infer. */
  readonly reply?: Reply;
}

/** Exactly `N` strings: a script's KEYS or ARGV. */
export type Strings<N extends number, Acc extends string[] = []> = number extends N
  ? string[]
  : Acc['length'] extends N
    ? Acc
    : Strings<N, [...Acc, string]>;

/** Runs a script: its KEYS and ARGV, counted as its definition says. */
export type ScriptCall<S> =
  S extends LuaScript<infer Keys, infer Args, infer Reply>
    ? (keys: Strings<Keys>, args: Strings<Args>) => Promise<Reply>
    : never;

/** The typed calls of a record of scripts. */
export type ScriptCalls<S> = { [Name in keyof S]: ScriptCall<S[Name]> };

/**
 * Registers scripts on `redis` and returns a typed call for each. A call sends EVALSHA, or the script
 * itself on a connection that has not run it yet or answers NOSCRIPT (a restarted Redis, SCRIPT FLUSH):
 * ioredis's defineCommand, whose commands are named here by the script's SHA-1 so scripts of different
 * modules never replace each other on a shared client.
 */
export function defineScripts<S extends Record<string, LuaScript<number, number, unknown>>>(
  redis: Redis,
  scripts: S,
): ScriptCalls<S> {
  const calls: Record<string, (keys: string[], args: string[]) => Promise<unknown>> = {};
  for (const [name, script] of Object.entries(scripts)) {
    const command = `b2cAlertsScript_${createHash('sha1').update(script.lua).digest('hex')}`;
    redis.defineCommand(command, { lua: script.lua, numberOfKeys: script.numberOfKeys });
    // defineCommand adds the method at run time; ioredis has no type for it.
    const run = Reflect.get(redis, command) as (...keysAndArgs: string[]) => Promise<unknown>;
    calls[name] = (keys, args) => run.call(redis, ...keys, ...args);
  }
  return calls as ScriptCalls<S>;
}
