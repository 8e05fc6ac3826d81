import type { GlossaryEntry } from '../../domain/glossary.ts';

/**
 * TBX-Basic's partOfSpeech picklist (noun, verb, adjective, adverb, other). termlens keeps no part
 * of speech, but its categories imply one: actions are verbs, slogans are phrases, the rest are
 * names of things. Derived on export and ignored on import.
 */
export function partOfSpeech(category: GlossaryEntry['category']): 'noun' | 'verb' | 'other' {
  if (category === 'action') return 'verb';
  if (category === 'slogan') return 'other';
  return 'noun';
}
