import { parentPort, workerData } from 'node:worker_threads';
import type { ThreadReply, ThreadRequest } from './pdf-thread-protocol.ts';
import { capWasmHeap } from './wasm-heap-cap.ts';

/**
 * A PDF thread: holds one open document and answers page and render requests one at a time.
 * The heap cap comes before MuPDF is loaded, so that no allocation escapes it.
 */

const { maxHeapBytes } = workerData as { maxHeapBytes: number };
capWasmHeap(maxHeapBytes);

const mupdf = await import('mupdf');
const { extractPageContent, renderPage, openPdf, mupdfFailure } = await import('./mupdf-page.ts');
const { emptyStore } = mupdf;

const port = parentPort!;
let doc: InstanceType<typeof mupdf.Document> | undefined;

function reply(message: ThreadReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on('message', (request: ThreadRequest) => {
  const { id } = request;
  try {
    if (request.type === 'open') {
      // A thread is reused for the next PDF: the last one's document and MuPDF's caches go first.
      doc?.destroy();
      doc = undefined;
      emptyStore();
      const opened = openPdf(request.data);
      doc = opened.doc;
      reply({ type: 'opened', id, pageCount: opened.pageCount, needsPassword: opened.needsPassword, repaired: opened.repaired });
    } else if (request.type === 'page') {
      const content = extractPageContent(doc!, request.index, request.limits);
      const transfer = content.blocks.flatMap((b) => (b.kind === 'image' && b.pixels ? [b.pixels.data.buffer as ArrayBuffer] : []));
      reply({ type: 'page', id, content }, transfer);
    } else {
      const pixels = renderPage(doc!, request.index, request.dpi);
      reply({ type: 'render', id, pixels }, [pixels.data.buffer as ArrayBuffer]);
    }
  } catch (error) {
    reply({ type: 'failed', id, error: mupdfFailure(error) });
  }
});

reply({ type: 'ready' });
