/**
 * Every error termlens raises on purpose carries a stable code and says whose fault it is,
 * so callers can decide without parsing messages: bad input is reported and never retried,
 * a failing dependency is retried with backoff, bad configuration stops the program at start.
 */
export type ErrorKind = 'input' | 'dependency' | 'config';

export class TermlensError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TermlensError';
    this.kind = kind;
    this.code = code;
  }
}

/** The file or text the user gave us cannot be processed as it is. */
export class InputError extends TermlensError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('input', code, message, options);
    this.name = 'InputError';
  }
}

/** An image that its decoder (libvips) gave up on; `cause` is the decoder's error. */
export function imageUnreadable(cause: unknown): InputError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new InputError('IMAGE_UNREADABLE', `the image cannot be decoded: ${detail}`, { cause });
}

/** Something we rely on (OCR engine, Redis, disk) failed; trying again may work. */
export class DependencyError extends TermlensError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('dependency', code, message, options);
    this.name = 'DependencyError';
  }
}

/** The program is set up wrongly; it must not start. */
export class ConfigError extends TermlensError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('config', code, message, options);
    this.name = 'ConfigError';
  }
}

/** A plain {code, message} for output contracts; unexpected errors become INTERNAL without a stack. */
export function errorSummary(error: unknown): { code: string; message: string } {
  if (error instanceof TermlensError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}
