import type { TermStatus } from '../../domain/glossary.ts';

/** TBX-Basic's picklist values for `termNote type="administrativeStatus"`. */
export const ADMINISTRATIVE_STATUS: Record<TermStatus, string> = {
  preferred: 'preferredTerm-admn-sts',
  admitted: 'admittedTerm-admn-sts',
  deprecated: 'deprecatedTerm-admn-sts',
};

/**
 * The status a file gives a term, read leniently: TBX 2 files use `normativeAuthorization`, CAT
 * tools write "forbidden" or "superseded", spreadsheets write plain words. Superseded and
 * forbidden forms are deprecated for termlens: still evidence, not to be used.
 */
export function parseStatus(value: string): TermStatus | undefined {
  const word = value.trim().toLowerCase().replace(/-admn-sts$/, '').replace(/term$/, '').replace(/[\s_-]/g, '');
  if (word === 'preferred' || word === 'standardized' || word === 'standardised') return 'preferred';
  if (word === 'admitted' || word === 'proposed' || word === 'legal') return 'admitted';
  if (word === 'deprecated' || word === 'superseded' || word === 'forbidden' || word === 'obsolete' || word === 'notrecommended') {
    return 'deprecated';
  }
  return undefined;
}
