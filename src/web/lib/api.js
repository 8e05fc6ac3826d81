// @ts-check
/** @import { ErrorAnswer } from '../../api/views/page-api.ts' */

/** An answer other than 2xx, with the API's stable error code. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {Partial<ErrorAnswer> | null} body
   */
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.details = body?.error?.details;
  }
}

/** The status of an error thrown by `api`, or undefined for any other error. */
export function statusOf(/** @type {unknown} */ error) {
  return error instanceof ApiError ? error.status : undefined;
}

/** A message for people from anything thrown. */
export function messageOf(/** @type {unknown} */ error) {
  return error instanceof Error ? error.message : String(error);
}

/** @type {string | undefined} */
let csrfToken;
/** @type {(() => void) | undefined} */
let onSessionEnded;

/** The CSRF token of the signed-in session, sent back on every state-changing request. */
export function setCsrfToken(/** @type {string | undefined} */ token) {
  csrfToken = token;
}

/**
 * Sends a form with XMLHttpRequest, the one browser API that reports upload progress.
 * @param {string} path
 * @param {FormData} form
 * @param {(sent: number, total: number) => void} progress bytes sent so far of the request's total
 * @returns {Promise<any>} the JSON answer
 */
export function sendForm(path, form, progress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) progress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data);
      if (xhr.status === 401) onSessionEnded?.();
      reject(new ApiError(xhr.status, data));
    });
    xhr.addEventListener('error', () => reject(new Error('the upload did not reach the service (network error)')));
    xhr.addEventListener('abort', () => reject(new Error('the upload was stopped')));
    xhr.send(form);
  });
}

/** Called when the service answers 401 to a signed-in page: the session ended. */
export function whenSessionEnds(/** @type {() => void} */ handler) {
  onSessionEnded = handler;
}

/**
 * @typedef {object} RequestOptions
 * @property {string} [method]
 * @property {unknown} [body] sent as JSON
 * @property {FormData} [form] sent as multipart/form-data
 * @property {Record<string, string>} [headers]
 */

/**
 * One request to the service; JSON in and out. Answers other than 2xx throw an ApiError.
 * The caller names the answer's type (see endpoints.js).
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<{ data: any, response: Response }>}
 */
export async function api(path, { method = 'GET', body, headers = {}, form } = {}) {
  /** @type {Record<string, string>} */
  const sent = { ...headers };
  /** @type {RequestInit} */
  const init = { method, headers: sent, credentials: 'same-origin' };
  if (method !== 'GET' && csrfToken) sent['x-csrf-token'] = csrfToken;
  if (form) init.body = form;
  else if (body !== undefined) {
    sent['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/session') onSessionEnded?.();
    throw new ApiError(response.status, data);
  }
  return { data, response };
}

/**
 * A query string of the values that are set ('' and nullish are left out).
 * @param {Record<string, string | number | null | undefined>} params
 */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  const s = q.toString();
  return s ? `?${s}` : '';
}
