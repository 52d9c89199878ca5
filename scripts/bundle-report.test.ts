// The bundle report's pure logic on a small synthetic Vite manifest: the initial set is
// the entry plus its static imports (transitively); dynamic imports and what only they
// pull in are lazy; the budget check.
import { describe, expect, it } from 'vitest';
import { bundleReport, formatReport, initialChunkKeys, type Manifest } from './bundle-report.ts';

const manifest: Manifest = {
  'index.html': {
    file: 'assets/index-a1.js',
    name: 'index',
    src: 'index.html',
    isEntry: true,
    imports: ['_vendor-react.js'],
    dynamicImports: ['src/client/features/player/video-player.tsx', 'src/client/features/journey/journey-view.tsx'],
    css: ['assets/index-a1.css'],
  },
  '_vendor-react.js': { file: 'assets/vendor-react-b2.js', name: 'vendor-react', imports: ['_shared.js'] },
  '_shared.js': { file: 'assets/shared-c3.js', name: 'shared' },
  'src/client/features/player/video-player.tsx': {
    file: 'assets/video-player-d4.js',
    name: 'video-player',
    isDynamicEntry: true,
    // A lazy chunk importing back into the initial graph does not make it initial…
    imports: ['index.html', '_shared.js', '_videojs.js'],
    css: ['assets/video-player-d4.css'],
  },
  // …and what only a lazy chunk imports statically is lazy too.
  '_videojs.js': { file: 'assets/videojs-e5.js', name: 'videojs' },
  'src/client/features/journey/journey-view.tsx': { file: 'assets/journey-view-f6.js', name: 'journey-view', isDynamicEntry: true, imports: ['index.html'] },
  // CSS-only entries never count as JavaScript.
  'style.css': { file: 'assets/style-g7.css', src: 'style.css' },
};

const sizes: Record<string, number> = {
  'assets/index-a1.js': 30_000,
  'assets/vendor-react-b2.js': 60_000,
  'assets/shared-c3.js': 5_000,
  'assets/video-player-d4.js': 8_000,
  'assets/videojs-e5.js': 200_000,
  'assets/journey-view-f6.js': 12_000,
  'assets/style-g7.css': 1_000,
};
const sizeOf = (file: string) => sizes[file] ?? Number.NaN;

describe('bundle report', () => {
  it('walks from the entry through static imports only', () => {
    expect(initialChunkKeys(manifest).sort()).toEqual(['_shared.js', '_vendor-react.js', 'index.html']);
  });

  it('sums the initial JavaScript and lists every other JS chunk as lazy, largest first', () => {
    const report = bundleReport(manifest, sizeOf, 120_000);
    expect(report.initial.map((c) => c.file).sort()).toEqual(['assets/index-a1.js', 'assets/shared-c3.js', 'assets/vendor-react-b2.js']);
    expect(report.initialGzip).toBe(95_000);
    expect(report.lazy.map((c) => [c.name, c.gzip])).toEqual([
      ['videojs', 200_000],
      ['journey-view', 12_000],
      ['video-player', 8_000],
    ]);
    expect(report.overBudget).toBe(false);
    expect(formatReport(report)).toMatch(/95\.00 kB of 120\.00 kB budget — ok/);
  });

  it('fails the budget when the initial JavaScript is over it (not when only lazy chunks are large)', () => {
    expect(bundleReport(manifest, sizeOf, 94_999)).toMatchObject({ overBudget: true, initialGzip: 95_000 });
    expect(bundleReport(manifest, sizeOf, 95_000).overBudget).toBe(false);
    expect(formatReport(bundleReport(manifest, sizeOf, 90_000))).toContain('OVER BUDGET');
  });

  it('handles import cycles, and names a broken manifest', () => {
    const cyclic: Manifest = {
      main: { file: 'a.js', isEntry: true, imports: ['_b'] },
      _b: { file: 'b.js', imports: ['main'] },
    };
    expect(initialChunkKeys(cyclic)).toEqual(['main', '_b']);
    expect(() => initialChunkKeys({ main: { file: 'a.js', isEntry: true, imports: ['_missing'] } })).toThrow(/"_missing" is imported but has no entry/);
    expect(() => initialChunkKeys({ lazy: { file: 'a.js', isDynamicEntry: true } })).toThrow(/no entry chunk/);
  });
});
