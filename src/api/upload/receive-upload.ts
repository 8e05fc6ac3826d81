import type {} from '@fastify/multipart';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../api-error.ts';
import { uniqueKey, uploadFileName } from './upload-file-name.ts';
import type { UploadLimits } from './upload-limits.ts';

export type ReceivedFile = { name: string; path: string; bytes: number };
export type ReceivedUpload = { files: ReceivedFile[]; fields: Record<string, string> };

/**
 * The upload was cut before it had all arrived (the service is shutting down): nothing of it is
 * kept, and the files it named are recorded as failed so the person knows to send them again.
 */
export class UploadInterruptedError extends HttpError {
  readonly fileNames: readonly string[];
  readonly fields: Readonly<Record<string, string>>;

  constructor(fileNames: readonly string[], fields: Record<string, string>) {
    super(503, 'UPLOAD_INTERRUPTED', 'the service shut down while the upload was still arriving; nothing of it was kept: send it again');
    this.fileNames = fileNames;
    this.fields = fields;
  }
}

const LIMIT_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

function tooLarge(limits: UploadLimits, what: string): HttpError {
  return new HttpError(413, 'UPLOAD_TOO_LARGE', `${what}; nothing was stored`, {
    maxFileBytes: limits.maxFileBytes,
    maxFiles: limits.maxFiles,
    maxParts: limits.maxParts,
  });
}

/**
 * Reads a multipart upload into `dir`, one temp file per part, and nothing further: the caller
 * only looks at the files once the whole request is in. A file over the size limit, too many
 * files or parts, or a field too long ends the request with 413, so a truncated file never
 * reaches the blob store (the caller removes `dir`). When `signal` fires the request is cut off
 * where it stands and UploadInterruptedError names the files it held.
 */
export async function receiveUpload(
  request: FastifyRequest,
  limits: UploadLimits,
  dir: string,
  signal?: AbortSignal,
): Promise<ReceivedUpload> {
  // A body longer than every allowed file together cannot be allowed: refuse before reading it.
  const declared = Number(request.headers['content-length'] ?? NaN);
  const ceiling = limits.maxFiles * limits.maxFileBytes + limits.maxParts * (limits.maxFieldBytes + 1024);
  if (Number.isFinite(declared) && declared > ceiling) throw tooLarge(limits, `the request is ${declared} bytes`);

  const files: ReceivedFile[] = [];
  const fields: Record<string, string> = {};
  const taken = new Set<string>();
  let arriving: string | undefined;
  const interrupted = () => new UploadInterruptedError([...files.map((f) => f.name), ...(arriving ? [arriving] : [])], fields);
  // Destroying the request ends the multipart stream with an error, wherever it is waiting.
  const cut = () => request.raw.destroy();
  signal?.addEventListener('abort', cut, { once: true });
  try {
    if (signal?.aborted) throw interrupted();
    const parts = request.parts({
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles,
        parts: limits.maxParts,
        fields: 8,
        fieldSize: limits.maxFieldBytes,
        fieldNameSize: 100,
        headerPairs: 100,
      },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.valueTruncated) throw tooLarge(limits, `the field ${part.fieldname} is over ${limits.maxFieldBytes} bytes`);
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      const name = uniqueKey(uploadFileName(part.filename, `file-${files.length + 1}`), taken);
      arriving = name;
      const target = path.join(dir, `part-${files.length}`);
      const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
      let bytes = 0;
      part.file.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      await pipeline(part.file, out);
      if (part.file.truncated) throw tooLarge(limits, `${name} is over ${limits.maxFileBytes} bytes`);
      files.push({ name, path: target, bytes });
      arriving = undefined;
    }
    if (signal?.aborted) throw interrupted();
  } catch (error) {
    if (signal?.aborted) throw error instanceof UploadInterruptedError ? error : interrupted();
    if (error instanceof HttpError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && LIMIT_CODES.has(code)) {
      const what =
        code === 'FST_REQ_FILE_TOO_LARGE'
          ? `a file is over ${limits.maxFileBytes} bytes`
          : code === 'FST_FILES_LIMIT'
            ? `more than ${limits.maxFiles} files`
            : code === 'FST_PARTS_LIMIT'
              ? `more than ${limits.maxParts} parts`
              : 'too many form fields';
      throw tooLarge(limits, what);
    }
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new HttpError(415, 'UPLOAD_NOT_MULTIPART', 'send the files as multipart/form-data');
    throw new HttpError(400, 'UPLOAD_MALFORMED', `the upload could not be read: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    signal?.removeEventListener('abort', cut);
  }
  return { files, fields };
}
