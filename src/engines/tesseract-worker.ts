import path from 'node:path';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { DependencyError } from '../errors.ts';

/**
 * One tesseract.js worker thread with the failure handling tesseract.js lacks: creation that
 * fails rejects instead of hanging, a thread that dies rejects the job it was running, and an
 * idle worker does not keep the process alive.
 */

const THREAD_ENTRY = path.join(import.meta.dirname, 'tesseract-worker-thread.cjs');

export type TesseractWorkerOptions = {
  /** Folder holding uncompressed `<lang>.traineddata` files. */
  langPath: string;
  languages: readonly string[];
  /** Tesseract page segmentation mode; 6 (one uniform block) reads screenshots best. */
  pageSegMode: number;
  /**
   * Screenshots carry no usable resolution; without one tesseract guesses from the text size
   * and warns on every page.
   */
  dpi: number;
  /** Set-up normally takes 1–3 s; past this something is wrong. */
  createTimeoutMs: number;
  /**
   * Words added to the LSTM decoder's dictionary (tesseract's `user_words_file`, an init-only
   * parameter, so the worker is initialised again once the file is in its file system).
   */
  userWords?: readonly string[];
};

const USER_WORDS_FILE = '/termlens.user-words';

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : JSON.stringify(reason);
}

export class TesseractWorker {
  private alive = true;
  private readonly inFlight = new Set<(error: Error) => void>();

  private constructor(
    private readonly worker: Tesseract.Worker,
    private readonly thread: ThreadWorker | undefined,
  ) {
    thread?.unref();
    thread?.once('exit', (code) => {
      this.alive = false;
      const error = new DependencyError('OCR_WORKER_EXITED', `tesseract worker thread exited (code ${code})`);
      for (const reject of this.inFlight) reject(error);
      this.inFlight.clear();
    });
  }

  get healthy(): boolean {
    return this.alive;
  }

  static async create(options: TesseractWorkerOptions): Promise<TesseractWorker> {
    let failSetup: (reason: unknown) => void = () => {};
    const setupFailed = new Promise<never>((_, reject) => {
      failSetup = reject;
    });
    let ready = false;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${options.createTimeoutMs} ms`)), options.createTimeoutMs);
    });

    const creating = Tesseract.createWorker([...options.languages], Tesseract.OEM.LSTM_ONLY, {
      langPath: options.langPath,
      gzip: false,
      // Any other cache method writes <lang>.traineddata into the working directory.
      cacheMethod: 'none',
      workerPath: THREAD_ENTRY,
      logger: () => {},
      // Without a handler tesseract.js throws from its message listener, crashing the process.
      errorHandler: (reason: unknown) => {
        if (!ready) failSetup(reason);
      },
    });
    let worker: Tesseract.Worker;
    try {
      worker = await Promise.race([creating, setupFailed, timedOut]);
      // tesseract reads user_words_file only in Init, and createWorker runs Init before the file
      // can be written; with the languages loaded already, reinitialize only runs Init again.
      const userWords = (options.userWords ?? []).filter((word) => word !== '' && !/\s/u.test(word));
      if (userWords.length > 0) {
        const started = worker;
        const withUserWords = (async () => {
          await started.writeText(USER_WORDS_FILE, `${userWords.join('\n')}\n`);
          await started.reinitialize(options.languages.join('+'), Tesseract.OEM.LSTM_ONLY, `user_words_file ${USER_WORDS_FILE}\n`);
        })();
        await Promise.race([withUserWords, setupFailed, timedOut]);
      }
      ready = true;
      await worker.setParameters({
        tessedit_pageseg_mode: String(options.pageSegMode) as Tesseract.PSM,
        user_defined_dpi: String(options.dpi),
      });
    } catch (reason) {
      // A worker that finishes set-up after the timeout must not linger.
      creating.then((late) => late.terminate(), () => {});
      throw new DependencyError(
        'OCR_ENGINE_UNAVAILABLE',
        `tesseract.js could not start with languages ${options.languages.join('+')} from ${options.langPath}: ${reasonText(reason)}`,
        { cause: reason },
      );
    } finally {
      clearTimeout(timer);
    }
    // tesseract.js exposes the thread on the worker object although its types do not say so.
    const thread = (worker as unknown as { worker?: ThreadWorker }).worker;
    return new TesseractWorker(worker, thread ?? undefined);
  }

  async recognize(image: Buffer): Promise<Tesseract.Page> {
    if (!this.alive) throw new DependencyError('OCR_WORKER_EXITED', 'tesseract worker is no longer running');
    let rejectOnExit: (error: Error) => void = () => {};
    const exited = new Promise<never>((_, reject) => {
      rejectOnExit = reject;
    });
    this.inFlight.add(rejectOnExit);
    this.thread?.ref();
    try {
      const result = await Promise.race([this.worker.recognize(image, {}, { text: true, blocks: true }), exited]);
      return result.data;
    } catch (reason) {
      if (reason instanceof DependencyError) throw reason;
      // After a failure inside the wasm module its state is unknown; the pool replaces the worker.
      this.alive = false;
      throw new DependencyError('OCR_FAILED', `tesseract failed to read the image: ${reasonText(reason)}`, { cause: reason });
    } finally {
      this.inFlight.delete(rejectOnExit);
      if (this.inFlight.size === 0) this.thread?.unref();
    }
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
