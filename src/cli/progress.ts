import cliProgress from 'cli-progress';

export type Progress = { tick(label: string, failed: boolean): void; stop(): void };

/**
 * Progress on stderr for runs of several files, so stdout stays clean for JSONL. A terminal
 * gets a live bar; a log file or pipe gets one line per file instead of bar redraws.
 */
export function startProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (total < 2) return { tick() {}, stop() {} };
  const started = Date.now();
  let done = 0;
  let failed = 0;
  if (!stream.isTTY) {
    return {
      tick(label, didFail) {
        done++;
        if (didFail) failed++;
        stream.write(`[${done}/${total}] ${didFail ? 'failed' : 'done'}: ${label}\n`);
      },
      stop() {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        stream.write(`${done} files in ${seconds}s, ${failed} failed\n`);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {value}/{total} files | {failed} failed | ETA {eta_formatted} | {label}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { failed: 0, label: '' });
  return {
    tick(label, didFail) {
      if (didFail) failed++;
      bar.increment(1, { failed, label });
    },
    stop() {
      bar.stop();
    },
  };
}
