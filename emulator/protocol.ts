// What every API of the emulator shares: an upstream refusal as a value, and the shape of a request body.
import { CODE_MEANINGS } from '../src/upstream/codes.js';

/** An answer `ActionStatus: FAIL` with this ErrorCode and ErrorInfo. */
export class Fail extends Error {
  constructor(
    readonly code: number,
    info?: string,
  ) {
    super(info ?? CODE_MEANINGS[code] ?? 'error');
  }
}

export type Body = Record<string, unknown>;

export const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

export const isBody = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
