// The journey as one self-contained HTML file that replays offline: the diagram (the same
// SVG the view shows, each arrow tagged with its step), the story in plain words, the JSON
// export for tools, and a few lines of inline script for Previous / Next / All. No network,
// no whole token (the SVG and the JSON carry previews only).
import { storyGroups } from './journey-story.ts';
import { callText, type JourneyItem } from './journey-model.ts';
import { journeyToJson } from './json-export.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function journeyToHtml(items: readonly JourneyItem[], svgMarkup: string, meta: { device: string; exportedAt: Date }): string {
  const story = storyGroups(items);
  const json = journeyToJson(items, meta).replace(/</g, '\\u003c');
  const steps = svgMarkup.match(/data-step="/g)?.length ?? 0;
  const storyHtml = story
    .map(
      (g) =>
        `<li><strong>${escapeHtml(g.system)}:</strong> ${escapeHtml(g.line)} <small>(${escapeHtml(callText(g.items[0]!))}${g.calls > 1 ? `, ${g.calls} calls` : ''} → ${g.items[0]!.status === 0 ? 'no answer' : g.items[0]!.status})</small></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Playgate journey ${escapeHtml(meta.exportedAt.toISOString())}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #212529; }
.controls { position: sticky; top: 0; background: #fff; padding: .5rem 0; display: flex; gap: .5rem; align-items: center; }
button { font-size: 1rem; padding: .35rem .8rem; }
figure { margin: 1rem 0; } svg { width: 100%; height: auto; max-width: 1400px; }
ol { font-size: 1.05rem; } small { color: #495057; }
</style>
</head>
<body>
<h1>Playgate journey</h1>
<p>Device <code>${escapeHtml(meta.device)}</code> · exported ${escapeHtml(meta.exportedAt.toISOString())} · ${items.length} calls, ${steps} arrows.</p>
<div class="controls"><button type="button" id="prev">Previous</button><button type="button" id="next">Next</button><button type="button" id="all">All</button><span id="where" role="status"></span></div>
<figure>${svgMarkup}</figure>
<h2>The story</h2>
<ol>
${storyHtml}
</ol>
<script type="application/json" id="journey-json">${json}</script>
<script>
(function () {
  var arrows = Array.prototype.slice.call(document.querySelectorAll('svg [data-step]'));
  var shown = arrows.length;
  function draw() {
    arrows.forEach(function (g) { g.style.display = Number(g.getAttribute('data-step')) < shown ? '' : 'none'; });
    document.getElementById('where').textContent = 'Step ' + shown + ' of ' + arrows.length;
  }
  document.getElementById('prev').onclick = function () { shown = Math.max(0, shown - 1); draw(); };
  document.getElementById('next').onclick = function () { shown = Math.min(arrows.length, shown + 1); draw(); };
  document.getElementById('all').onclick = function () { shown = arrows.length; draw(); };
  draw();
})();
</script>
</body>
</html>
`;
}
