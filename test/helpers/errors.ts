import { TalgenError } from '../../src/core/errors.js';

/** The error `fn` throws, which must be a `type` (TalgenError by default); any other outcome fails the test. */
export function errorOf<E extends Error = TalgenError>(fn: () => unknown, type: new (...args: never[]) => E = TalgenError as never): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, got none`);
}
