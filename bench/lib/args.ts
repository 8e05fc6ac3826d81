import { parseArgs } from 'node:util';

export type BenchArgs = { json?: string };

/** `--json FILE`: also write the figures as JSON. Unknown options stop the run with usage. */
export function parseBenchArgs(argv: readonly string[], usage: string): BenchArgs {
  try {
    const { values } = parseArgs({ args: [...argv], options: { json: { type: 'string' } }, allowPositionals: false });
    return values.json === undefined ? {} : { json: values.json };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: ${usage}\n`);
    process.exit(2);
  }
}
