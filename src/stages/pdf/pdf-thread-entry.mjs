// Entry of a PDF thread. Threads do not inherit the TypeScript loader that bin/termlens.js
// registers, so the thread registers it itself before loading its code.
import { register } from 'tsx/esm/api';

register();
await import('./pdf-thread-body.ts');
