import cliProgress from 'cli-progress';
import type { BatchCounts } from '../../store/store.ts';

/** What a person watching a batch wants to know, derived from the store's counts. */
export type BatchProgressView = {
  total: number;
  done: number;
  failed: number;
  duplicates: number;
  pending: number;
  /** Items finished per minute since watching began; undefined until one has finished. */
  perMinute: number | undefined;
  etaSeconds: number | undefined;
};

export function progressView(counts: BatchCounts, finishedAtStart: number, elapsedMs: number): BatchProgressView {
  const finished = counts.done + counts.failed + counts.duplicate;
  const pending = counts.received + counts.queued + counts.processing;
  const gained = finished - finishedAtStart;
  const perMinute = gained > 0 && elapsedMs > 0 ? (gained / elapsedMs) * 60_000 : undefined;
  return {
    total: counts.total,
    done: counts.done,
    failed: counts.failed,
    duplicates: counts.duplicate,
    pending,
    perMinute,
    etaSeconds: perMinute ? Math.round((pending / perMinute) * 60) : undefined,
  };
}

function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return '?';
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function describeProgress(view: BatchProgressView): string {
  const rate = view.perMinute === undefined ? '?' : view.perMinute.toFixed(1);
  return (
    `${view.total - view.pending}/${view.total} | done ${view.done} | failed ${view.failed} | ` +
    `duplicate ${view.duplicates} | pending ${view.pending} | ${rate} images/min | ETA ${formatEta(view.etaSeconds)}`
  );
}

/** `notice` is a sentence of its own (no worker serves this store …), printed on its own line. */
export type ProgressDisplay = { update(view: BatchProgressView): void; notice(message: string): void; stop(): void };

/**
 * On stderr, so stdout stays clean for --format json. A terminal gets a live bar; a pipe or log
 * file gets a line when something changed, at most every few seconds.
 */
export function startProgressDisplay(stream: NodeJS.WriteStream = process.stderr, everyMs = 5_000): ProgressDisplay {
  if (!stream.isTTY) {
    let lastLine = '';
    let lastAt = 0;
    return {
      update(view) {
        const line = describeProgress(view);
        const now = Date.now();
        if (line === lastLine || now - lastAt < everyMs) return;
        lastLine = line;
        lastAt = now;
        stream.write(`${line}\n`);
      },
      notice(message) {
        stream.write(`${message}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {status}', hideCursor: true, clearOnComplete: false, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(view) {
      const payload = { status: describeProgress(view) };
      if (!started) {
        bar.start(Math.max(1, view.total), view.total - view.pending, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(1, view.total));
        bar.update(view.total - view.pending, payload);
      }
    },
    notice(message) {
      // The bar redraws its own line; stopped, the notice gets a line below it, and the next
      // update starts a fresh bar.
      if (started) bar.stop();
      started = false;
      stream.write(`${message}\n`);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
