// Server-rendered pages of the embedded providers (login forms, errors): small,
// accessible, and escaping every value they print.
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageOptions {
  title: string;
  /** Trusted HTML built with escapeHtml. */
  body: string;
  accent?: string;
}

export function renderPage({ title, body, accent = '#3b5bdb' }: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  :root { color-scheme: light; --accent: ${escapeHtml(accent)}; }
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f1f3f5; color: #212529; }
  main { max-width: 380px; margin: 8vh auto; background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.08); }
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
</style>
</head>
<body><main>${body}</main></body>
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
