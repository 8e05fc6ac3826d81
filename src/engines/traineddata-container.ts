/**
 * Tesseract's .traineddata container (TessdataManager): a little-endian int32 entry count,
 * then one int64 byte offset per component (-1 when absent), then the components back to back.
 * A component's length is the distance to the next present component, so editing one means
 * recomputing every offset after it.
 */

/** Index of the plain-text config component (TESSDATA_LANG_CONFIG). */
export const LANG_CONFIG_COMPONENT = 0;
/** Index of the LSTM network component (TESSDATA_LSTM); the LSTM-only engine cannot run without it. */
export const LSTM_COMPONENT = 17;

/** Recent tesseract writes 24 entries; anything far outside that is not a traineddata file. */
const MAX_ENTRIES = 1000;

export type TraineddataComponents = (Buffer | null)[];

export class TraineddataFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraineddataFormatError';
  }
}

export function parseTraineddata(data: Buffer): TraineddataComponents {
  if (data.length < 4) throw new TraineddataFormatError('file too short for a traineddata header');
  const count = data.readInt32LE(0);
  if (count <= 0 || count > MAX_ENTRIES) throw new TraineddataFormatError(`implausible component count ${count}`);
  const headerEnd = 4 + 8 * count;
  if (data.length < headerEnd) throw new TraineddataFormatError('file too short for its offset table');

  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const offset = data.readBigInt64LE(4 + 8 * i);
    if (offset === -1n) {
      offsets.push(-1);
      continue;
    }
    if (offset < BigInt(headerEnd) || offset > BigInt(data.length)) {
      throw new TraineddataFormatError(`component ${i} offset ${offset} lies outside the file`);
    }
    offsets.push(Number(offset));
  }

  const components: TraineddataComponents = [];
  let previousStart = headerEnd;
  for (let i = 0; i < count; i++) {
    const start = offsets[i]!;
    if (start < 0) {
      components.push(null);
      continue;
    }
    if (start < previousStart) throw new TraineddataFormatError(`component ${i} overlaps the one before it`);
    previousStart = start;
    let end = data.length;
    for (let j = i + 1; j < count; j++) {
      const next = offsets[j]!;
      if (next >= 0) {
        end = next;
        break;
      }
    }
    components.push(data.subarray(start, end));
  }
  return components;
}

export function serializeTraineddata(components: TraineddataComponents): Buffer {
  const count = components.length;
  const header = Buffer.alloc(4 + 8 * count);
  header.writeInt32LE(count, 0);
  let offset = header.length;
  for (let i = 0; i < count; i++) {
    const component = components[i];
    if (component == null) {
      header.writeBigInt64LE(-1n, 4 + 8 * i);
      continue;
    }
    header.writeBigInt64LE(BigInt(offset), 4 + 8 * i);
    offset += component.length;
  }
  return Buffer.concat([header, ...components.filter((c): c is Buffer => c != null)]);
}

/**
 * Drops config lines that set any of `keys`. Comments and other lines stay byte for byte, so
 * the edit is easy to audit by diffing the config text.
 */
export function removeConfigKeys(configText: string, keys: readonly string[]): { text: string; removed: string[] } {
  const removed: string[] = [];
  const kept = configText.split('\n').filter((line) => {
    const key = line.trim().split(/\s+/, 1)[0] ?? '';
    if (keys.includes(key)) {
      removed.push(line);
      return false;
    }
    return true;
  });
  return { text: kept.join('\n'), removed };
}
