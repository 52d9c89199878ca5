// Server-rendered pages of the embedded providers (login forms, errors): small,
// accessible, and escaping every value they print.
import { PAGE_CSS } from '../http/page-style.ts';
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageOptions {
  title: string;
  /** Trusted HTML built with escapeHtml. */
  body: string;
  /** A wide page (tables) rather than a narrow form (default: false). */
  wide?: boolean;
}

/**
 * The pages' one style element is constant (PAGE_CSS): the CSP allows exactly it by its
 * hash (http/page-style.ts), so no origin needs style-src 'unsafe-inline'.
 */
export function renderPage({ title, body, wide = false }: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body><main${wide ? ' class="wide"' : ''}>${body}</main></body>
</html>`;
}

export interface LoginFormOptions {
  action: string;
  heading: string;
  intro: string;
  logoUrl?: string;
  /** Text alternative of the logo (default: decorative). */
  logoAlt?: string;
  error?: string;
  username?: string;
  hint?: string;
}

export function loginForm(o: LoginFormOptions): string {
  return `
  <div class="brand">${o.logoUrl ? `<img src="${escapeHtml(o.logoUrl)}" alt="${escapeHtml(o.logoAlt ?? '')}">` : ''}<h1>${escapeHtml(o.heading)}</h1></div>
  <p>${escapeHtml(o.intro)}</p>
  ${o.error ? `<p class="error" role="alert">${escapeHtml(o.error)}</p>` : ''}
  <form method="post" action="${escapeHtml(o.action)}" autocomplete="off">
    <label for="username">Username</label>
    <input id="username" name="username" required autofocus value="${escapeHtml(o.username ?? '')}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" required>
    <button type="submit">Sign in</button>
  </form>
  ${o.hint ? `<p class="hint">${escapeHtml(o.hint)}</p>` : ''}`;
}
