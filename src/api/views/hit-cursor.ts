import { z } from 'zod';
import type { HitCursor } from '../../store/repositories/hit-queue.ts';
import { HttpError } from '../api-error.ts';

/** Cursors are opaque to clients: base64url JSON of the last hit's place in the queue. */
const CursorSchema = z.tuple([z.string(), z.string().regex(/^[0-9a-f]{64}$/), z.number().int().nonnegative()]);

export function encodeCursor(c: HitCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.sha256, c.ordinal])).toString('base64url');
}

export function decodeCursor(value: string): HitCursor {
  try {
    const [createdAt, sha256, ordinal] = CursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return { createdAt, sha256, ordinal };
  } catch {
    throw new HttpError(400, 'BAD_CURSOR', 'the cursor is not one this service gave out');
  }
}
