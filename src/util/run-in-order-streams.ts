/**
 * Like runInOrder, for work that yields several outputs per input (a PDF's pages): outputs are
 * handed to `emit` in input order, and those of the input at the head go out as soon as they
 * come, so a consumer sees page 1 of a long PDF without waiting for its last page. Outputs of
 * later inputs wait until every earlier input is done.
 */
export async function runInOrderStreams<I, O>(
  inputs: readonly I[],
  concurrency: number,
  work: (input: I, index: number, emit: (output: O) => void) => Promise<void>,
  emit: (output: O, index: number) => void,
  done: (index: number) => void = () => undefined,
): Promise<void> {
  const buffered = new Map<number, O[]>();
  const finished = new Set<number>();
  let head = 0;
  let nextToStart = 0;

  const advance = () => {
    while (finished.has(head)) {
      for (const output of buffered.get(head) ?? []) emit(output, head);
      buffered.delete(head);
      finished.delete(head);
      done(head);
      head++;
      for (const output of buffered.get(head) ?? []) emit(output, head);
      buffered.set(head, []);
    }
  };

  const lane = async () => {
    while (nextToStart < inputs.length) {
      const index = nextToStart++;
      await work(inputs[index]!, index, (output) => {
        if (index === head) emit(output, index);
        else {
          const list = buffered.get(index) ?? [];
          list.push(output);
          buffered.set(index, list);
        }
      });
      finished.add(index);
      advance();
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, lane));
}
