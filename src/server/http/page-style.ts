// The style sheet of the server-rendered pages (IdP and MVPD login, errors, the error
// catalog), inlined as one constant <style> element, and the CSP source that allows exactly
// that element by its SHA-256. Constant on purpose: any interpolation would change the hash
// and the page would render unstyled (the CSP has no 'unsafe-inline' for styles).
import { createHash } from 'node:crypto';

export const PAGE_CSS = `
  :root { color-scheme: light; --accent: #3b5bdb; }
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f1f3f5; color: #212529; }
  main { max-width: 380px; margin: 8vh auto; background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.08); }
  main.wide { max-width: 960px; }
  h1 { font-size: 1.35rem; margin: .5rem 0 1rem; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #adb5bd; border-radius: 6px; margin-top: .25rem; }
  button { margin-top: 1.5rem; width: 100%; padding: .7rem; font-size: 1rem; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
  button.secondary { background: #e9ecef; color: #212529; }
  button:focus-visible, input:focus-visible { outline: 3px solid #1c7ed6; outline-offset: 2px; }
  .error { color: #c92a2a; background: #fff5f5; border: 1px solid #ffc9c9; padding: .6rem; border-radius: 6px; }
  .hint { color: #495057; font-size: .9rem; }
  .brand { display: flex; align-items: center; gap: .75rem; }
  .brand img { width: 56px; height: 56px; }
  code { background: #f1f3f5; padding: 0 .25rem; border-radius: 4px; }
`;

/** `'sha256-…'` of PAGE_CSS, as a CSP source expression. */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`;
