import path from 'node:path';
import type { GlossaryProblem } from '../domain/glossary.ts';

/** Paths inside the working directory are shown relative so that editors and terminals can jump to them. */
export function displayPath(absolutePath: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, absolutePath);
  if (relative === '') return '.';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return absolutePath;
  return relative;
}

/** `file:line: message`, the shape compilers use, so editors can turn problems into links. */
export function formatProblem(problem: GlossaryProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const severity = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${severity}${problem.message}`;
}

export function compareProblems(a: GlossaryProblem, b: GlossaryProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const lineA = a.line ?? 0;
  const lineB = b.line ?? 0;
  if (lineA !== lineB) return lineA - lineB;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
