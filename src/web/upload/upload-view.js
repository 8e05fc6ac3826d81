// @ts-check
/** @import { Collected } from './collect-files.js' */
import { byId, field } from '../lib/dom.js';
import { listBatches, postUpload } from '../lib/endpoints.js';
import { failed, say } from '../lib/status.js';
import { BatchPanel } from './batch-panel.js';
import { collectChosen, collectDropped } from './collect-files.js';

/**
 * @typedef {object} UploadHooks
 * @property {() => boolean} canReview
 * @property {(batchId: string) => void} review opens the review of a batch
 * @property {() => void} uploaded a batch was made
 * @property {() => void} finished a batch is finished: stored documents changed
 */

/** @type {Map<string, BatchPanel>} */
const panels = new Map();
/** @type {UploadHooks} */
let hooks;

const uploads = () => byId('uploads', HTMLElement);
const nameInput = () => field(byId('upload-form', HTMLFormElement), 'name', HTMLInputElement);

const panelOptions = () => ({ canReview: hooks.canReview(), review: hooks.review, finished: hooks.finished });

/** Sends the files as one batch, named as typed, else after the folder or zip. */
async function upload(/** @type {Collected} */ { files, name }) {
  if (files.length === 0) return say('Nothing to upload: the folder holds no files.', 'error');
  const batchName = nameInput().value.trim() || name;
  const form = new FormData();
  // The name first: the service reads the fields of the form in order.
  if (batchName) form.append('name', batchName);
  for (const file of files) form.append('files', file, file.name);
  const panel = new BatchPanel(panelOptions());
  panel.uploading(batchName, files.length);
  uploads().prepend(panel.node);
  try {
    const data = await postUpload(form, (sent, total) => panel.sent(sent, total));
    panels.set(data.batch.id, panel);
    panel.show(data.batch, data.items);
    nameInput().value = '';
    hooks.uploaded();
  } catch (error) {
    panel.refused(error);
  }
}

/** The batches stored so far, newest first, below the uploads of this page. */
export async function openUpload() {
  try {
    const { items } = await listBatches(100);
    for (const batch of items) {
      if (panels.has(batch.id)) continue;
      const panel = new BatchPanel(panelOptions());
      panels.set(batch.id, panel);
      panel.show(batch, null);
      uploads().append(panel.node);
    }
    byId('uploads-empty', HTMLElement).hidden = panels.size > 0;
  } catch (error) {
    failed('Could not list the batches', error);
  }
}

/** Another person may sign in next: their page starts empty. */
export function resetUploads() {
  for (const panel of panels.values()) panel.close();
  panels.clear();
  uploads().replaceChildren();
}

/** The drop zone, the file and folder choosers (buttons, so the keyboard reaches them). */
export function wireUpload(/** @type {UploadHooks} */ given) {
  hooks = given;
  const drop = byId('drop-zone', HTMLElement);
  const files = byId('file-input', HTMLInputElement);
  const folder = byId('folder-input', HTMLInputElement);
  byId('choose-files', HTMLButtonElement).addEventListener('click', () => files.click());
  byId('choose-folder', HTMLButtonElement).addEventListener('click', () => folder.click());
  drop.addEventListener('keydown', (event) => {
    if (event.target !== drop || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    files.click();
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer) void upload(await collectDropped(event.dataTransfer));
  });
  for (const input of [files, folder]) {
    input.addEventListener('change', () => {
      const chosen = collectChosen(input.files);
      input.value = '';
      if (chosen.files.length > 0) void upload(chosen);
    });
  }
  byId('upload-form', HTMLFormElement).addEventListener('submit', (event) => event.preventDefault());
}

