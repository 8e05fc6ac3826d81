import { InvalidArgumentError } from 'commander';

/** A positive number of seconds (fractions allowed), for --timeout. */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number of seconds, got "${value}"`);
  return n;
}
