import { DependencyError, InputError } from '../errors.ts';

/**
 * A filesystem error on a path the user gave (or one found under it) as a coded error naming
 * the path, in the codes single-file ingest uses. Errors that are the machine's trouble rather
 * than the path's (EIO, EMFILE) stay retryable.
 */
export function pathFailure(path: string, cause: unknown): Error {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new InputError('FILE_NOT_FOUND', `${path}: no such file or folder`, { cause });
    case 'EACCES':
    case 'EPERM':
      return new InputError('FILE_UNREADABLE', `${path}: permission denied`, { cause });
    case 'EISDIR':
      return new InputError('FILE_UNREADABLE', `${path}: is a directory, not a file`, { cause });
    case 'ELOOP':
      return new InputError('FILE_UNREADABLE', `${path}: too many levels of symbolic links`, { cause });
    case 'ENAMETOOLONG':
      return new InputError('FILE_UNREADABLE', `${path}: the path is too long`, { cause });
    default:
      // EMFILE, EIO and the like are the machine's trouble, not the file's: worth a retry.
      return new DependencyError('FILE_READ_FAILED', `${path}: cannot be read (${code ?? String(cause)})`, { cause });
  }
}
