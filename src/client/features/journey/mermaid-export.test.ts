// The Mermaid export: participants in lane order, one request and one answer arrow per
// call, decisions and tokens as notes, text escaped, never a whole token.
import { describe, expect, it } from 'vitest';
import { annotateJourney } from './annotate-journey.ts';
import { mergeJourney } from './journey-model.ts';
import { journeyToMermaid, mermaidText } from './mermaid-export.ts';
import { tveJourney } from './journey-fixtures.test-support.ts';

const decisions = { aaaa000000000005: [{ resource: 'news-24', decision: 'Permit', rule: 'mvpd', why: 'Skyline answered Permit in 20 ms' }] };

describe('journeyToMermaid', () => {
  const text = journeyToMermaid(annotateJourney(mergeJourney(tveJourney()), decisions, new Set()));
  const lines = text.trim().split('\n');

  it('declares a sequenceDiagram with the six lanes in order', () => {
    expect(lines.slice(0, 7)).toEqual(['sequenceDiagram', '  participant Viewer', '  participant App', '  participant IdP', '  participant Playgate', '  participant MVPD', '  participant Media']);
  });

  it('has a request and an answer per call, in order, with the decision and the token as notes', () => {
    const at = (t: string) => lines.indexOf(t);
    expect(at('  App->>Playgate: POST /api/v2/PLAYGATE/sessions')).toBeGreaterThan(5);
    expect(at('  Playgate-->>App: 200 · 40 ms')).toBe(at('  App->>Playgate: POST /api/v2/PLAYGATE/sessions') + 1);
    expect(at('  Playgate->>MVPD: POST /token (MVPD login: code exchange)')).toBeGreaterThan(at('  Viewer->>Playgate: GET /api/v2/authenticate/callback (MVPD login done: profile saved)'));
    const authorize = at('  App->>Playgate: POST /api/v2/PLAYGATE/decisions/authorize/Skyline');
    expect(at('  Playgate->>MVPD: POST /api/authorize (MVPD authorization)')).toBe(authorize + 1);
    expect(at('  Note over Playgate: Permit news-24 — rule mvpd: Skyline answered Permit in 20 ms')).toBeGreaterThan(authorize);
    expect(text).toContain('Note over App: decisions[0].token.serializedToken: media+jwt eyJhbGciOi…a1b2c3 — verified: Playgate\'s media-token verifier: VALID_TOKEN');
    expect(at('  App->>Media: GET /media/news-24/360p_001.ts ×2 (segment)')).toBeGreaterThan(authorize);
    expect(lines.filter((l) => /[a-zA-Z]->>/.test(l)).length).toBe(11);
    expect(lines.filter((l) => l.includes('-->>')).length).toBe(11);
  });

  it('never carries a whole token', () => {
    expect(text).not.toMatch(/eyJ[\w-]*\.eyJ[\w-]*\.[\w-]+/);
  });

  it('escapes what Mermaid would read as syntax', () => {
    expect(mermaidText('a;b #c <d>\nnext')).toBe('a#59;b #35;c #60;d#62; next');
  });
});
