// Entry of a PaddleOCR worker thread. Threads do not inherit the TypeScript loader that
// bin/termlens.js registers, so the thread registers it itself before loading its code.
import { register } from 'tsx/esm/api';

register();
await import('./paddle-thread-body.ts');
