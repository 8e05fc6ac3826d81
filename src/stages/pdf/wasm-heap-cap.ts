/**
 * Caps the WebAssembly heap of this thread. MuPDF's memory grows through `memory.grow`, called
 * from its JavaScript glue, which treats a throwing grow as an allocation failure: MuPDF then
 * aborts the page with "out of memory" and frees what it held, and the thread goes on. Without
 * a cap a crafted page (an image of 60000 × 60000 pixels, a huge object stream) takes the heap
 * to its 2 GB maximum before it fails, and the process's memory with it.
 *
 * Only for a thread that runs nothing but MuPDF: the patch applies to every WebAssembly memory
 * of the thread.
 */
export function capWasmHeap(maxBytes: number): void {
  const PAGE = 65536;
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function capped(this: WebAssembly.Memory, delta: number): number {
    if (this.buffer.byteLength + delta * PAGE > maxBytes) throw new RangeError(`heap cap of ${maxBytes} bytes reached`);
    return grow.call(this, delta);
  };
}
