/**
 * A Float32Array reused from call to call, grown when a call needs more: for the models' input
 * and output tensors, which were a new buffer of up to 12 MB per inference (a page's recogniser
 * outputs alone came to 50–100 MB). Buffers that size live outside V8's heap, and V8 collected
 * them only when it felt the external memory pressure: two full collections per page, and tens
 * of MB of dead tensors resident until then.
 */
export class ReusableFloats {
  #buffer = new Float32Array(0);

  /** A view of the first `length` floats; its contents are overwritten by the next take(). */
  take(length: number): Float32Array {
    // Grown by half again at least, so that a run of slightly wider lines does not reallocate each time.
    if (this.#buffer.length < length) this.#buffer = new Float32Array(Math.max(length, Math.ceil(this.#buffer.length * 1.5)));
    return this.#buffer.subarray(0, length);
  }
}
