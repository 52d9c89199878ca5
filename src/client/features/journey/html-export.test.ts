// The HTML export replays offline: the diagram with its steps, the story, the JSON, the script.
import { expect, it } from 'vitest';
import { annotateJourney } from './annotate-journey.ts';
import { journeyToHtml } from './html-export.ts';
import { mergeJourney } from './journey-model.ts';
import { tveJourney } from './journey-fixtures.test-support.ts';

const items = annotateJourney(mergeJourney(tveJourney()), {}, new Set());
const svg = '<svg xmlns="http://www.w3.org/2000/svg"><g data-step="0"></g><g data-step="1"></g><text>&lt;/script&gt;</text></svg>';
const html = journeyToHtml(items, svg, { device: 'device-1234', exportedAt: new Date(0) });

it('is one document with the diagram, the story, the JSON and the replay script, loading nothing', () => {
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain(svg);
  expect(html).toContain('<strong>Adobe Pass:</strong> create an authentication session');
  expect(html).toContain('2 arrows');
  const json = /<script type="application\/json" id="journey-json">([\s\S]*?)<\/script>/.exec(html)![1]!;
  expect(JSON.parse(json).calls).toHaveLength(items.length);
  expect(html).toContain("querySelectorAll('svg [data-step]')");
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|(?:src|href|url\()="?https?:/);
});

it('never carries a whole token', () => {
  expect(html).not.toMatch(/eyJ[\w-]*\.eyJ[\w-]*\.[\w-]+/);
});
