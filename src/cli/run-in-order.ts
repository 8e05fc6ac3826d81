export { runInOrder } from '../util/run-in-order.ts';
