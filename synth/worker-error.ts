/**
 * Errors cross the thread boundary as data. A ProfileError (bad user input) arrives as the same
 * class with its code, path and hint, so the CLI reports it as input error; anything else arrives
 * as an Error carrying the worker's message and stack.
 */
import { ProfileError, type ProfileErrorCode } from '../profiles/errors.js';

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** A ProfileError's own fields (code, path, hint, and any it may carry). */
  profile?: { code: ProfileErrorCode; path: string; hint: string } & Record<string, unknown>;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ProfileError)
    return {
      name: error.name,
      message: error.message,
      profile: { ...error, code: error.code, path: error.path, hint: error.hint },
    };
  if (error instanceof Error)
    return error.stack === undefined
      ? { name: error.name, message: error.message }
      : { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

export function deserializeError(data: SerializedError): Error {
  if (data.profile !== undefined) {
    const { code, path, hint, ...rest } = data.profile;
    delete rest['name'];
    return Object.assign(new ProfileError(code, data.message, path, hint), rest);
  }
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
