// /docs/errors: every error code with its HTTP status, action and meaning — where each
// error body's helpUrl points.
import { ERROR_CODES } from '../../shared/error-codes.ts';
import { escapeHtml, renderPage } from '../oidc/html-page.ts';

export function errorCatalogPage(): string {
  const rows = Object.entries(ERROR_CODES)
    .map(([code, info]) => `<tr id="${code}"><td><code>${code}</code></td><td>${info.status}</td><td>${escapeHtml(info.action)}</td><td>${escapeHtml(info.message)}</td></tr>`)
    .join('\n');
  return renderPage({
    title: 'Playgate error codes',
    wide: true,
    body: `<h1>Error codes</h1>
<p>Every failure is answered with <code>{action, status, code, message, details?, helpUrl, trace}</code>. Branch on <code>code</code> and <code>action</code>, never on the message.</p>
<table><thead><tr><th>code</th><th>status</th><th>action</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>`,
  });
}
