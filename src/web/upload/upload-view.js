// @ts-check
import { messageOf } from '../lib/api.js';
import { byId, el } from '../lib/dom.js';
import { postUpload } from '../lib/endpoints.js';
import { followBatch } from './batch-panel.js';

/**
 * @typedef {object} UploadHooks
 * @property {() => boolean} canReview
 * @property {(batchId: string) => void} review opens the review of a batch
 * @property {() => void} uploaded a batch was made
 * @property {() => void} finished a batch is finished: stored documents changed
 */

/**
 * @param {File[]} files
 * @param {UploadHooks} hooks
 */
async function upload(files, hooks) {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  const panel = el('article', { class: 'card upload' }, el('h3', {}, `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`));
  byId('uploads', HTMLElement).prepend(panel);
  try {
    const data = await postUpload(form);
    followBatch(panel, data.batch, data.items, { canReview: hooks.canReview(), review: hooks.review, finished: hooks.finished });
    hooks.uploaded();
  } catch (error) {
    panel.replaceChildren(el('h3', {}, 'Upload refused'), el('p', { class: 'error' }, messageOf(error)));
  }
}

/** The drop zone and the file chooser. */
export function wireUpload(/** @type {UploadHooks} */ hooks) {
  const drop = byId('drop-zone', HTMLElement);
  const input = byId('file-input', HTMLInputElement);
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer?.files.length) void upload([...event.dataTransfer.files], hooks);
  });
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) void upload(files, hooks);
  });
}
