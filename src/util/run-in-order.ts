/**
 * Runs `work` over the inputs with at most `concurrency` in flight, and hands results to
 * `emit` in input order as soon as every earlier one is out: a consumer of the JSONL stream
 * sees the first file's line without waiting for the whole batch.
 */
export async function runInOrder<I, O>(
  inputs: readonly I[],
  concurrency: number,
  work: (input: I, index: number) => Promise<O>,
  emit: (output: O, index: number) => void,
): Promise<void> {
  const done = new Map<number, O>();
  let nextToEmit = 0;
  let nextToStart = 0;

  const flush = () => {
    while (done.has(nextToEmit)) {
      const output = done.get(nextToEmit)!;
      done.delete(nextToEmit);
      emit(output, nextToEmit);
      nextToEmit++;
    }
  };

  const lane = async () => {
    while (nextToStart < inputs.length) {
      const index = nextToStart++;
      done.set(index, await work(inputs[index]!, index));
      flush();
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, lane));
}
