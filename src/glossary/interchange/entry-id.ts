import { EntryIdSchema } from '../../domain/glossary.ts';

/**
 * XML ids (xs:ID) cannot start with a digit, termlens ids can (110-…): such ids are written with
 * a leading underscore in TBX and read back without it.
 */
export function toXmlId(id: string): string {
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

/**
 * The termlens id a file's id stands for, or undefined when it cannot be one: GUIDs, ids with
 * capitals or underscores, and bare numbers, which are how CAT tools (memoQ, MultiTerm) number
 * their concepts rather than names anyone chose.
 */
export function fromFileId(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const id = raw.trim();
  if (/^[0-9]+$/.test(id)) return undefined;
  if (EntryIdSchema.safeParse(id).success) return id;
  const unprefixed = id.startsWith('_') ? id.slice(1) : undefined;
  if (unprefixed !== undefined && /^[0-9]/.test(unprefixed) && !/^[0-9]+$/.test(unprefixed) && EntryIdSchema.safeParse(unprefixed).success) {
    return unprefixed;
  }
  return undefined;
}

/**
 * An id for a new entry whose file gave none usable: words of its preferred English rendering
 * (stable across imports of the same file), else of the file's id, made unique with -2, -3 ….
 */
export function deriveEntryId(candidates: readonly (string | undefined)[], taken: ReadonlySet<string>): string {
  let base = 'entry';
  for (const candidate of candidates) {
    const slug = slugOf(candidate ?? '');
    if (slug !== '') {
      base = slug;
      break;
    }
  }
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function slugOf(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  return words.slice(0, 6).join('-').slice(0, 60).replace(/-+$/, '');
}
