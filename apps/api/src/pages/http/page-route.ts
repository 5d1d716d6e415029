import { applyDecorators, Get, Header } from '@nestjs/common';
import { Public } from '@ledger/access/nest/metadata';

/**
 * Content Security Policy of the pages: scripts, styles, images and API calls from this origin
 * only; no inline script or style, no plugins, no framing, forms post only here. The charts are
 * inline SVG built through the DOM, which the policy allows.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A page or asset route: open without a token (the page asks for one; the data behind it is
 * fetched from the API, which checks it), under the CSP, never cached (a page may change with
 * the code, and nothing personal is in it, but a shared machine should not keep it either).
 */
export function PageRoute(path: string, contentType = 'text/html; charset=utf-8'): MethodDecorator {
  return applyDecorators(
    Get(path),
    Public(),
    Header('Content-Type', contentType),
    Header('Content-Security-Policy', PAGE_CSP),
    Header('Cache-Control', 'no-store'),
  );
}
