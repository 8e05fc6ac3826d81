// @ts-check
import { byId } from '../lib/dom.js';
import { exportUrls } from '../lib/endpoints.js';
import { query } from '../lib/api.js';
import { currentFilters } from '../review/filters.js';

/** Export links carry the review queue's filters. */
export function openExport() {
  const { status, ...rest } = currentFilters();
  // Exports include every status unless one is chosen: "pending" is a queue default, not an export one.
  const filters = status === 'pending' ? rest : { ...rest, status };
  const urls = exportUrls(filters);
  byId('export-jsonld', HTMLAnchorElement).href = urls.jsonld;
  byId('export-csv', HTMLAnchorElement).href = urls.csv;
  byId('export-kwic', HTMLAnchorElement).href = urls.kwic;
  const q = query(filters);
  byId('export-filters', HTMLElement).textContent = q ? decodeURIComponent(q.slice(1)).replaceAll('&', ', ') : 'none (everything)';
}
