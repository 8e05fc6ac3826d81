// The review page. Everything that comes from a screenshot, a file name or a person (OCR text,
// names, notes, glossary text) is put into the page with textContent or as attribute values,
// never parsed as HTML: there is no innerHTML in this file, and the CSP forbids inline script.

const $ = (id) => document.getElementById(id);

/** Creates an element with text content and attributes; children may be nodes or strings. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const state = {
  session: null,
  categories: [],
  queue: { items: [], index: -1, nextCursor: null, prevCursor: null, counts: null, filters: {} },
  documents: new Map(),
  details: new Map(),
  kwic: new Map(),
  script: 'original',
  zoomed: false,
  busy: false,
  glossaryEntries: [],
};

function say(message, kind = 'info') {
  const status = $('status');
  status.textContent = message;
  status.dataset.kind = kind;
}

// ─── API ─────────────────────────────────────────────────────────────────────

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.details = body?.error?.details;
  }
}

async function api(path, { method = 'GET', body, headers = {}, form } = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (method !== 'GET' && state.session?.csrfToken) init.headers['x-csrf-token'] = state.session.csrfToken;
  if (form) init.body = form;
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/session') showSignIn('Your session ended; sign in again.');
    throw new ApiError(response.status, data);
  }
  return { data, response };
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ─── session ─────────────────────────────────────────────────────────────────

function showSignIn(message) {
  state.session = null;
  for (const tab of document.querySelectorAll('.tab')) tab.hidden = true;
  $('tabs').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in').hidden = false;
  if (message) say(message, 'error');
  $('token-input').focus();
}

const TABS_BY_ROLE = {
  uploader: ['upload'],
  reviewer: ['review', 'glossary', 'export'],
  admin: ['review', 'upload', 'glossary', 'export'],
};

async function start(session) {
  state.session = session;
  $('sign-in').hidden = true;
  $('tabs').hidden = false;
  $('sign-out').hidden = session.authMode === 'none';
  $('who').textContent = `${session.name} · ${session.role}`;
  const allowed = TABS_BY_ROLE[session.role] ?? [];
  for (const button of document.querySelectorAll('#tabs button')) button.hidden = !allowed.includes(button.dataset.tab);
  for (const node of document.querySelectorAll('[data-admin]')) node.hidden = session.role !== 'admin';
  $('entry-form').hidden = true;
  if (allowed.includes('review') || allowed.includes('glossary')) await loadGlossaryMeta();
  await loadBatches();
  showTab(allowed[0]);
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('token-input').value.trim();
  try {
    const { data } = await api('/api/session', { method: 'POST', body: { token } });
    $('token-input').value = '';
    say(`Signed in as ${data.name}.`);
    await start(data);
  } catch (error) {
    say(error.status === 401 ? 'That token is unknown or revoked.' : `Sign-in failed: ${error.message}`, 'error');
  }
});

$('sign-out').addEventListener('click', async () => {
  await api('/api/session', { method: 'DELETE' }).catch(() => undefined);
  showSignIn('Signed out.');
});

function showTab(name) {
  for (const tab of document.querySelectorAll('.tab')) tab.hidden = tab.id !== name;
  for (const button of document.querySelectorAll('#tabs button')) button.setAttribute('aria-current', String(button.dataset.tab === name));
  if (name === 'review' && state.queue.index < 0) void loadQueue();
  if (name === 'glossary' && state.glossaryEntries.length === 0) void searchGlossary();
  if (name === 'export') updateExportLinks();
}

$('tabs').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-tab]');
  if (button) showTab(button.dataset.tab);
});

// ─── filters, batches, glossary metadata ─────────────────────────────────────

async function loadGlossaryMeta() {
  const { data } = await api('/api/glossary');
  state.categories = data.categories;
  state.glossaryEntries = data.entries;
  $('glossary-version').textContent = `version ${data.version.slice(0, 12)} · ${data.entries.length} entries`;
  for (const select of [$('filters').elements.category, $('glossary-search').elements.category, $('entry-form').elements.category]) {
    const keep = select.options[0]?.value === '' ? [select.options[0]] : [];
    select.replaceChildren(...keep, ...data.categories.map((c) => el('option', { value: c }, c)));
  }
  $('entry-ids').replaceChildren(...data.entries.map((e) => el('option', { value: e.id }, `${e.term} · ${e.english[0]}`)));
}

async function loadBatches() {
  const { data } = await api('/api/batches?limit=100');
  const select = $('filters').elements.batch;
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, 'any'), ...data.items.map((b) => el('option', { value: b.id }, b.name)));
  select.value = current;
}

function currentFilters() {
  const form = $('filters').elements;
  return {
    term: form.term.value.trim(),
    category: form.category.value,
    batch: form.batch.value,
    kind: form.kind.value,
    status: form.status.value,
  };
}

$('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  void loadQueue();
});

function updateExportLinks() {
  const { status, ...rest } = currentFilters();
  // Exports include every status unless one is chosen: "pending" is a queue default, not an export one.
  const filters = status === 'pending' ? rest : { ...rest, status };
  const q = query(filters);
  $('export-jsonld').href = `/api/exports/annotations.jsonld${q}`;
  $('export-csv').href = `/api/exports/hits.csv${q}`;
  $('export-kwic').href = `/api/exports/kwic.json${q}`;
  $('export-filters').textContent = q ? decodeURIComponent(q.slice(1)).replaceAll('&', ', ') : 'none (everything)';
}

// ─── the queue ───────────────────────────────────────────────────────────────

async function loadQueue({ around } = {}) {
  const filters = currentFilters();
  state.queue = { items: [], index: -1, nextCursor: null, prevCursor: null, counts: null, filters };
  try {
    const { data } = await api(`/api/hits${query({ ...filters, limit: 50, around })}`);
    state.queue.items = data.items;
    state.queue.nextCursor = data.nextCursor;
    state.queue.prevCursor = data.prevCursor;
    state.queue.counts = data.counts;
    renderCounter();
    $('queue-empty').hidden = data.items.length > 0;
    $('reviewer').hidden = data.items.length === 0;
    if (data.items.length > 0) await showHit(0);
  } catch (error) {
    say(`Could not load hits: ${error.message}`, 'error');
  }
}

function renderCounter() {
  const c = state.queue.counts;
  if (!c) return;
  $('counter').textContent = `reviewed ${c.total - c.pending} / ${c.total}`;
  $('counter').dataset.reviewed = String(c.total - c.pending);
  $('counter').dataset.total = String(c.total);
}

async function morePage(direction) {
  const q = state.queue;
  const cursor = direction === 'next' ? q.nextCursor : q.prevCursor;
  if (!cursor) return 0;
  const { data } = await api(`/api/hits${query({ ...q.filters, limit: 50, [direction === 'next' ? 'after' : 'before']: cursor })}`);
  if (direction === 'next') {
    q.items.push(...data.items);
    q.nextCursor = data.nextCursor;
  } else {
    q.items.unshift(...data.items);
    q.index += data.items.length;
    q.prevCursor = data.prevCursor;
  }
  q.counts = data.counts;
  renderCounter();
  return data.items.length;
}

async function move(step) {
  const q = state.queue;
  let target = q.index + step;
  if (target >= q.items.length && (await morePage('next')) === 0) {
    say('That was the last hit of the queue.');
    return;
  }
  if (target < 0) {
    const added = await morePage('prev');
    if (added === 0) {
      say('This is the first hit of the queue.');
      return;
    }
    target = q.index + step;
  }
  await showHit(target);
}

async function documentOf(sha256) {
  let doc = state.documents.get(sha256);
  if (!doc) {
    doc = api(`/api/documents/${sha256}`).then(({ data }) => data);
    state.documents.set(sha256, doc);
    doc.catch(() => state.documents.delete(sha256));
  }
  return doc;
}

async function detailOf(hitId, { fresh = false } = {}) {
  if (fresh || !state.details.has(hitId)) {
    const p = api(`/api/hits/${encodeURIComponent(hitId)}`).then(({ data }) => data);
    state.details.set(hitId, p);
    p.catch(() => state.details.delete(hitId));
  }
  return state.details.get(hitId);
}

async function kwicOf(entryId) {
  if (!state.kwic.has(entryId)) {
    const p = api(`/api/kwic${query({ entry: entryId, limit: 12 })}`).then(({ data }) => data.terms[0]?.lines ?? []);
    state.kwic.set(entryId, p);
    p.catch(() => state.kwic.delete(entryId));
  }
  return state.kwic.get(entryId);
}

/** The next hit's document, detail and image are fetched while the current one is read. */
function prefetch(index) {
  const hit = state.queue.items[index];
  if (!hit) return;
  void documentOf(hit.sha256).catch(() => undefined);
  void detailOf(hit.id).catch(() => undefined);
  const img = new Image();
  img.src = `/api/documents/${hit.sha256}/image`;
}

async function showHit(index) {
  const q = state.queue;
  const hit = q.items[index];
  if (!hit) return;
  q.index = index;
  const [doc, detail] = await Promise.all([documentOf(hit.sha256), detailOf(hit.id)]);
  if (q.index !== index) return;
  // The queue entry may be older than the detail (a decision elsewhere): the detail wins.
  Object.assign(hit, detail.hit);
  $('position').textContent = `hit ${index + 1} of ${q.items.length}${q.nextCursor ? '+' : ''}`;
  renderImage(doc, hit);
  renderText(doc, hit);
  renderCard(detail, hit);
  void renderKwic(hit);
  prefetch(index + 1);
}

// ─── the screenshot with its boxes ───────────────────────────────────────────

function imageScale(doc) {
  const img = $('shot');
  const width = doc.width ?? img.naturalWidth;
  return width ? img.clientWidth / width : 1;
}

function placeBox(node, box, scale) {
  // CSSOM properties, not a style attribute: allowed under a CSP without unsafe-inline.
  node.style.left = `${box.x * scale}px`;
  node.style.top = `${box.y * scale}px`;
  node.style.width = `${Math.max(1, box.w * scale)}px`;
  node.style.height = `${Math.max(1, box.h * scale)}px`;
}

function drawBoxes(doc, current) {
  const overlay = $('overlay');
  const scale = imageScale(doc);
  const nodes = [];
  for (const h of doc.hits) {
    if (h.id === current.id) continue;
    for (const box of h.boxes?.length ? h.boxes : h.bbox ? [h.bbox] : []) {
      const node = el('div', { class: `box other ${h.reviewStatus}`, dataset: { hitId: h.id } });
      placeBox(node, box, scale);
      nodes.push(node);
    }
  }
  if (current.bbox) {
    const highlight = el('div', { class: 'box current', id: 'highlight', dataset: { hitId: current.id } });
    placeBox(highlight, current.bbox, scale);
    nodes.push(highlight);
  }
  overlay.replaceChildren(...nodes);
  const highlight = $('highlight');
  if (highlight && state.zoomed) highlight.scrollIntoView({ block: 'center', inline: 'center' });
}

function renderImage(doc, hit) {
  const img = $('shot');
  const src = `/api/documents/${doc.sha256}/image`;
  img.alt = `screenshot ${doc.firstPath}`;
  const draw = () => drawBoxes(doc, hit);
  if (img.getAttribute('src') !== src) {
    $('overlay').replaceChildren();
    img.onload = draw;
    img.setAttribute('src', src);
  } else if (img.complete) draw();
  else img.onload = draw;
}

new ResizeObserver(() => {
  const hit = state.queue.items[state.queue.index];
  if (!hit) return;
  void documentOf(hit.sha256).then((doc) => drawBoxes(doc, hit));
}).observe($('shot'));

function toggleZoom() {
  state.zoomed = !state.zoomed;
  $('stage').classList.toggle('zoomed', state.zoomed);
  $('zoom').setAttribute('aria-pressed', String(state.zoomed));
}
$('zoom').addEventListener('click', toggleZoom);

// ─── the OCR text with its hits ──────────────────────────────────────────────

function renderText(doc, current) {
  $('doc-name').textContent = doc.firstPath;
  const chars = [...(doc.scripts[state.script] ?? doc.text)];
  const hits = [...doc.hits].sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  let currentMark = null;
  for (const h of hits) {
    if (h.start < at) continue;
    if (h.start > at) parts.push(chars.slice(at, h.start).join(''));
    const mark = el('mark', { class: `hit ${h.reviewStatus}`, dataset: { hitId: h.id }, title: `${h.term} · ${h.english}` }, chars.slice(h.start, h.end).join(''));
    if (h.id === current.id) {
      mark.classList.add('current');
      mark.setAttribute('aria-current', 'true');
      currentMark = mark;
    }
    parts.push(mark);
    at = h.end;
  }
  if (at < chars.length) parts.push(chars.slice(at).join(''));
  $('ocr-text').replaceChildren(...parts);
  currentMark?.scrollIntoView({ block: 'nearest' });
}

for (const button of document.querySelectorAll('[data-script]')) {
  button.addEventListener('click', () => setScript(button.dataset.script));
}

function setScript(script) {
  state.script = script;
  for (const b of document.querySelectorAll('[data-script]')) b.setAttribute('aria-pressed', String(b.dataset.script === script));
  const hit = state.queue.items[state.queue.index];
  if (hit) void documentOf(hit.sha256).then((doc) => renderText(doc, hit));
}

$('ocr-text').addEventListener('click', (event) => {
  const mark = event.target.closest('mark[data-hit-id]');
  if (!mark) return;
  const index = state.queue.items.findIndex((h) => h.id === mark.dataset.hitId);
  if (index >= 0) void showHit(index);
});

// ─── glossary card, decisions, KWIC ──────────────────────────────────────────

function renderCard(detail, hit) {
  $('hit-term').textContent = hit.matched;
  $('hit-english').textContent = `${hit.term} · ${hit.english}`;
  $('hit-meta').textContent = `${hit.kind} · confidence ${hit.confidence.toFixed(2)} · ${hit.category} · ${hit.reviewStatus}`;
  const deprecated = $('hit-deprecated');
  deprecated.hidden = hit.termStatus !== 'deprecated';
  deprecated.textContent = hit.termStatus === 'deprecated' ? `Deprecated form; preferred: ${hit.preferred}` : '';
  const entry = detail.entry;
  const fields = [];
  if (entry) {
    const row = (label, value) => value && value.length !== 0 ? [el('dt', {}, label), el('dd', {}, Array.isArray(value) ? value.join(' · ') : value)] : [];
    fields.push(
      ...row('English', entry.english[0]),
      ...row('Alternatives', entry.english.slice(1)),
      ...row('Note', entry.note),
      ...row('Category', entry.category),
      ...row('Traditional', entry.traditional),
      ...row('Variants', entry.variants),
      ...row('Deprecated', entry.deprecated),
      ...row('Source', entry.source),
    );
  } else {
    fields.push(el('dt', {}, 'Entry'), el('dd', {}, `${hit.entryId} is no longer in the glossary`));
  }
  $('entry-fields').replaceChildren(...fields);
  $('revisions').replaceChildren(
    ...(detail.revisions.length === 0
      ? [el('li', { class: 'hint' }, 'none yet')]
      : detail.revisions.map((r) =>
          el(
            'li',
            {},
            el('strong', {}, r.decision),
            ` by ${r.author} at ${new Date(r.createdAt).toLocaleString()}`,
            r.note ? el('q', {}, r.note) : null,
            r.corrected ? el('code', {}, JSON.stringify(r.corrected)) : null,
          ),
        )),
  );
}

async function renderKwic(hit) {
  const list = $('kwic');
  try {
    const lines = await kwicOf(hit.entryId);
    if (state.queue.items[state.queue.index]?.id !== hit.id) return;
    const others = lines.filter((l) => l.hitId !== hit.id);
    list.replaceChildren(
      ...(others.length === 0
        ? [el('li', { class: 'hint' }, 'no other occurrences')]
        : others.map((l) => el('li', { title: l.document }, el('span', { class: 'left' }, l.left), el('mark', {}, l.keyword), el('span', { class: 'right' }, l.right)))),
    );
  } catch {
    list.replaceChildren(el('li', { class: 'hint' }, 'occurrences could not be loaded'));
  }
}

async function decide(decision, extra = {}) {
  const q = state.queue;
  const hit = q.items[q.index];
  if (!hit || state.busy) return;
  state.busy = true;
  try {
    const { data } = await api(`/api/hits/${encodeURIComponent(hit.id)}/decisions`, {
      method: 'POST',
      headers: { 'if-match': hit.etag },
      body: { decision, ...extra },
    });
    const before = hit.reviewStatus;
    Object.assign(hit, data.hit);
    state.details.delete(hit.id);
    // The document's own copy of the hit drives the marks and boxes.
    const doc = await documentOf(hit.sha256);
    const inDoc = doc.hits.find((h) => h.id === hit.id);
    if (inDoc) Object.assign(inDoc, data.hit);
    state.kwic.delete(hit.entryId);
    if (q.counts) {
      if (before === 'pending') q.counts.pending -= 1;
      renderCounter();
    }
    say(`${hit.matched}: ${data.hit.reviewStatus}.`);
    await move(1);
  } catch (error) {
    if (error.status === 412) {
      say('Someone decided on this hit meanwhile; it has been reloaded. Decide again.', 'error');
      state.details.delete(hit.id);
      await showHit(q.index);
    } else say(`Not saved: ${error.message}`, 'error');
  } finally {
    state.busy = false;
  }
}

$('confirm').addEventListener('click', () => void decide('confirm'));
$('reject').addEventListener('click', () => void decide('reject'));
$('next').addEventListener('click', () => void move(1));
$('prev').addEventListener('click', () => void move(-1));
$('correct').addEventListener('click', () => openCorrect());
$('help-button').addEventListener('click', () => $('help').showModal());

function openCorrect() {
  const hit = state.queue.items[state.queue.index];
  if (!hit) return;
  const form = $('correct-form').elements;
  form.entryId.value = hit.entryId;
  form.start.value = String(hit.start);
  form.end.value = String(hit.end);
  form.reading.value = '';
  form.note.value = '';
  updateSpanPreview();
  $('correct-dialog').showModal();
  form.entryId.focus();
}

async function updateSpanPreview() {
  const hit = state.queue.items[state.queue.index];
  if (!hit) return;
  const doc = await documentOf(hit.sha256);
  const form = $('correct-form').elements;
  const chars = [...doc.text];
  $('span-preview').textContent = chars.slice(Number(form.start.value), Number(form.end.value)).join('');
}
$('correct-form').elements.start.addEventListener('input', updateSpanPreview);
$('correct-form').elements.end.addEventListener('input', updateSpanPreview);

$('correct-dialog').addEventListener('close', () => {
  if ($('correct-dialog').returnValue !== 'save') return;
  const hit = state.queue.items[state.queue.index];
  const form = $('correct-form').elements;
  const correction = {};
  if (form.entryId.value.trim() && form.entryId.value.trim() !== hit.entryId) correction.entryId = form.entryId.value.trim();
  const start = Number(form.start.value);
  const end = Number(form.end.value);
  if (Number.isInteger(start) && Number.isInteger(end) && (start !== hit.start || end !== hit.end)) Object.assign(correction, { start, end });
  if (form.reading.value.trim()) correction.reading = form.reading.value.trim();
  const note = form.note.value.trim();
  if (Object.keys(correction).length === 0) {
    say('Nothing was corrected: change the entry, the span or the reading.', 'error');
    return;
  }
  void decide('correct', { correction, ...(note ? { note } : {}) });
});

// ─── keyboard ────────────────────────────────────────────────────────────────

const SCRIPTS = ['original', 'simplified', 'traditional'];

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]')) return;
  if (document.querySelector('dialog[open]')) return;
  if (event.key === '?') {
    $('help').showModal();
    event.preventDefault();
    return;
  }
  if ($('review').hidden || $('reviewer').hidden) return;
  const actions = {
    j: () => move(1),
    k: () => move(-1),
    a: () => decide('confirm'),
    r: () => decide('reject'),
    e: () => openCorrect(),
    z: () => toggleZoom(),
    s: () => setScript(SCRIPTS[(SCRIPTS.indexOf(state.script) + 1) % SCRIPTS.length]),
  };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    void action();
  }
});

// ─── upload with live progress ───────────────────────────────────────────────

const drop = $('drop-zone');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer?.files.length) void upload([...event.dataTransfer.files]);
});
$('file-input').addEventListener('change', () => {
  const files = [...$('file-input').files];
  $('file-input').value = '';
  if (files.length) void upload(files);
});

const STATUS_LABEL = { received: 'received', queued: 'queued', processing: 'OCR…', done: 'tagged', failed: 'failed', duplicate: 'duplicate' };

async function upload(files) {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  const panel = el('article', { class: 'card upload' }, el('h3', {}, `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`));
  $('uploads').prepend(panel);
  try {
    const { data } = await api('/api/uploads', { method: 'POST', form });
    followBatch(panel, data.batch, data.items);
    void loadBatches();
  } catch (error) {
    panel.replaceChildren(el('h3', {}, 'Upload refused'), el('p', { class: 'error' }, error.message));
  }
}

function followBatch(panel, batch, items) {
  const rows = new Map();
  const list = el('ul', { class: 'items' });
  const counts = el('p', { class: 'counts' });
  const title = el('h3', {}, batch.name);
  const reviewButton = el('button', { type: 'button', hidden: true }, 'Review this batch');
  reviewButton.addEventListener('click', () => {
    $('filters').elements.batch.value = batch.id;
    showTab('review');
    void loadQueue();
  });
  panel.replaceChildren(title, counts, list, reviewButton);
  panel.dataset.batchId = batch.id;

  const renderItem = (item) => {
    let row = rows.get(item.itemKey);
    if (!row) {
      row = el('li', {}, el('span', { class: 'name' }), el('span', { class: 'state' }), el('span', { class: 'why' }));
      rows.set(item.itemKey, row);
      list.append(row);
    }
    row.dataset.status = item.status;
    row.children[0].textContent = item.itemKey;
    row.children[1].textContent = STATUS_LABEL[item.status] ?? item.status;
    row.children[2].textContent = item.error ? `${item.error.code}: ${item.error.message}` : '';
  };
  const renderCounts = (b) => {
    const c = b.counts;
    counts.textContent = `${c.done} tagged · ${c.failed} failed · ${c.duplicate} duplicate · ${c.received + c.queued + c.processing} in progress · ${c.total} in all`;
    panel.dataset.finished = String(b.finished);
    reviewButton.hidden = !b.finished || !state.session || state.session.role === 'uploader';
  };
  items.forEach(renderItem);
  renderCounts(batch);

  const events = new EventSource(`/api/batches/${encodeURIComponent(batch.id)}/events`);
  events.addEventListener('progress', (event) => {
    const data = JSON.parse(event.data);
    (data.items ?? []).forEach(renderItem);
    renderCounts(data.batch);
  });
  events.addEventListener('done', (event) => {
    renderCounts(JSON.parse(event.data).batch);
    events.close();
    state.documents.clear();
  });
  events.addEventListener('error', () => {
    if (events.readyState === EventSource.CLOSED) counts.append(' (progress stream closed; reload for the latest)');
  });
}

// ─── glossary browsing and editing ───────────────────────────────────────────

async function searchGlossary() {
  const form = $('glossary-search').elements;
  const { data } = await api(`/api/glossary${query({ q: form.q.value.trim(), category: form.category.value })}`);
  state.glossaryEntries = data.entries;
  $('glossary-list').replaceChildren(
    ...data.entries.map((e) => {
      const item = el('li', { tabindex: 0, dataset: { entryId: e.id } }, el('span', { lang: 'zh' }, e.term), ' ', el('span', { class: 'meta' }, `${e.english[0]} · ${e.category}`));
      item.addEventListener('click', () => showEntry(e));
      return item;
    }),
  );
}

$('glossary-search').addEventListener('submit', (event) => {
  event.preventDefault();
  void searchGlossary();
});

function showEntry(entry) {
  const card = $('glossary-entry');
  card.hidden = false;
  const rows = [
    ['English', entry.english.join(' · ')],
    ['Category', entry.category],
    ['Traditional', entry.traditional.join(' · ')],
    ['Variants', entry.variants.join(' · ')],
    ['Deprecated', entry.deprecated.join(' · ')],
    ['Note', entry.note ?? ''],
    ['Source', entry.source.join(' · ')],
  ].filter(([, v]) => v);
  card.replaceChildren(
    el('h3', {}, el('span', { lang: 'zh' }, entry.term), ' ', el('code', {}, entry.id)),
    el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
  );
  if (state.session?.role === 'admin') fillEntryForm(entry);
}

function fillEntryForm(entry) {
  const form = $('entry-form');
  form.hidden = false;
  form.dataset.mode = entry ? 'edit' : 'new';
  $('entry-form-title').textContent = entry ? `Edit ${entry.id}` : 'New entry';
  const f = form.elements;
  f.id.value = entry?.id ?? '';
  f.id.readOnly = Boolean(entry);
  f.term.value = entry?.term ?? '';
  f.traditional.value = (entry?.traditional ?? []).join('\n');
  f.variants.value = (entry?.variants ?? []).join('\n');
  f.deprecated.value = (entry?.deprecated ?? []).join('\n');
  f.english.value = (entry?.english ?? []).join('\n');
  f.category.value = entry?.category ?? state.categories[0] ?? '';
  f.note.value = entry?.note ?? '';
  f.source.value = (entry?.source ?? []).join('\n');
  $('entry-result').textContent = '';
  $('retag').hidden = true;
}

$('new-entry').addEventListener('click', () => fillEntryForm(null));

$('entry-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = $('entry-form');
  const f = form.elements;
  const lines = (v) => v.split('\n').map((s) => s.trim()).filter(Boolean);
  const body = {
    term: f.term.value.trim(),
    traditional: lines(f.traditional.value),
    variants: lines(f.variants.value),
    deprecated: lines(f.deprecated.value),
    english: lines(f.english.value),
    category: f.category.value,
    source: lines(f.source.value),
    ...(f.note.value.trim() ? { note: f.note.value.trim() } : {}),
  };
  try {
    const creating = form.dataset.mode === 'new';
    const { data } = creating
      ? await api('/api/glossary/entries', { method: 'POST', body: { id: f.id.value.trim(), ...body } })
      : await api(`/api/glossary/entries/${encodeURIComponent(f.id.value)}`, { method: 'PUT', body });
    $('entry-result').textContent = data.changed
      ? `Saved: glossary ${data.versionBefore.slice(0, 12)} → ${data.versionAfter.slice(0, 12)}.${data.warnings.length ? ` Warnings: ${data.warnings.join('; ')}` : ''}`
      : 'Nothing to change: the glossary already says this.';
    $('retag').hidden = !data.retag.offered;
    await loadGlossaryMeta();
    await searchGlossary();
  } catch (error) {
    $('entry-result').textContent = `Not saved: ${error.message}`;
  }
});

$('retag').addEventListener('click', async () => {
  try {
    const { data } = await api('/api/glossary/retag', { method: 'POST', body: {} });
    $('entry-result').textContent = `Re-tagging ${data.documents} document(s) with glossary ${data.glossaryVersion.slice(0, 12)}.`;
    $('retag').hidden = true;
    state.documents.clear();
    state.details.clear();
    state.kwic.clear();
  } catch (error) {
    $('entry-result').textContent = `Re-tag refused: ${error.message}`;
  }
});

// ─── start ───────────────────────────────────────────────────────────────────

try {
  const { data } = await api('/api/session');
  if (data.signedIn) await start(data);
  else showSignIn();
} catch (error) {
  say(`The service did not answer: ${error.message}`, 'error');
}
