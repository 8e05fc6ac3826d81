/**
 * The review page's Content-Security-Policy: scripts, styles, images and connections from this
 * origin only, and no inline script or style at all, so text from a screenshot that ever got
 * into the page as markup could still not run. `blob:` images are the previews of files being
 * uploaded. No upgrade-insecure-requests: the service is commonly reached over plain HTTP on
 * loopback, where upgrading would break every request.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;
