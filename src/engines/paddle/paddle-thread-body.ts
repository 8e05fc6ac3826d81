import { parentPort, workerData } from 'node:worker_threads';
import { errorSummary } from '../../errors.ts';
import { loadPaddleModels } from './paddle-models.ts';
import { readSegments } from './read-segments.ts';
import type { PageRequest, ThreadMessage } from './paddle-thread.ts';

/**
 * A PaddleOCR worker thread: loads the models once, then reads pages one at a time.
 * onnxruntime-node runs an inference on the thread that asks for it, blocking it, so the model
 * work lives here and the main thread stays free for everything else.
 */
const port = parentPort!;
const send = (message: ThreadMessage) => port.postMessage(message);

try {
  const models = await loadPaddleModels({ threads: (workerData as { threads: number }).threads });
  port.on('message', async (request: PageRequest) => {
    try {
      const segments = await readSegments(models, request.page, request.detectorInput);
      send({ type: 'page', id: request.id, segments });
    } catch (error) {
      send({ type: 'failed', id: request.id, error: errorSummary(error) });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'unavailable', error: errorSummary(error) });
}
