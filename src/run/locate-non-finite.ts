import { InputError, NonFiniteLoss } from '../errors.ts';

/** A loss that overflowed is bad input in the scenario file: the error names the file and the incident's field. */
export function locateNonFinite(error: unknown, file: string): unknown {
  return error instanceof NonFiniteLoss ? new InputError([{ file, path: error.issue.path, message: error.message }]) : error;
}
