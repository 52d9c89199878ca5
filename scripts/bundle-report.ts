// The initial JavaScript budget, checked after `vite build` (npm run build): reads Vite's
// manifest (dist/.vite/manifest.json), walks from each entry through its static imports
// only — what the browser must fetch before the app can start — and sums their gzip sizes.
// Fails (exit 1) above the budget; lists the lazy chunks (dynamic imports: the player,
// the journey view…) with their sizes, which do not count.
//
//   node --import tsx scripts/bundle-report.ts [distDir]
//   BUNDLE_BUDGET_KB=120 (default) — kB of 1000 bytes, as Vite prints them. Sizes are
//   zlib's default gzip of each file (Vite's own estimate can differ by about 1 %).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** One chunk of Vite's build manifest (the fields this report reads). */
export interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

export interface ChunkSize {
  file: string;
  name: string;
  gzip: number;
}

export interface BundleReport {
  initial: ChunkSize[];
  initialGzip: number;
  lazy: ChunkSize[];
  budget: number;
  overBudget: boolean;
}

export const DEFAULT_BUDGET_BYTES = 120_000;

const isJs = (file: string) => /\.(c|m)?js$/.test(file);

/**
 * The manifest keys loaded up front: every entry and, transitively, its static `imports`.
 * `dynamicImports` are not followed (they load later, on demand). Keys in the order met.
 */
export function initialChunkKeys(manifest: Manifest): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest: "${key}" is imported but has no entry`);
    seen.add(key);
    for (const next of chunk.imports ?? []) visit(next);
  };
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  if (entries.length === 0) throw new Error('manifest: no entry chunk (isEntry)');
  for (const key of entries) visit(key);
  return [...seen];
}

/** Builds the report from the manifest and a size function (gzip bytes of an output file). */
export function bundleReport(manifest: Manifest, gzipSize: (file: string) => number, budget = DEFAULT_BUDGET_BYTES): BundleReport {
  const initialKeys = new Set(initialChunkKeys(manifest));
  const sized = (key: string): ChunkSize => {
    const chunk = manifest[key]!;
    return { file: chunk.file, name: chunk.name ?? key, gzip: gzipSize(chunk.file) };
  };
  const jsKeys = Object.keys(manifest).filter((key) => isJs(manifest[key]!.file));
  const initial = jsKeys.filter((key) => initialKeys.has(key)).map(sized);
  const lazy = jsKeys
    .filter((key) => !initialKeys.has(key))
    .map(sized)
    .sort((a, b) => b.gzip - a.gzip);
  const initialGzip = initial.reduce((sum, c) => sum + c.gzip, 0);
  return { initial, initialGzip, lazy, budget, overBudget: initialGzip > budget };
}

export const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

export function formatReport(r: BundleReport): string {
  const row = (c: ChunkSize) => `  ${kB(c.gzip).padStart(11)}  ${c.file}`;
  return [
    `Initial JavaScript (entry + static imports), gzip: ${kB(r.initialGzip)} of ${kB(r.budget)} budget — ${r.overBudget ? 'OVER BUDGET' : 'ok'}`,
    ...r.initial.map(row),
    `Lazy chunks (dynamic imports, not in the initial budget):${r.lazy.length === 0 ? ' none' : ''}`,
    ...r.lazy.map(row),
  ].join('\n');
}

function main(distDir: string): number {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const budgetKb = process.env.BUNDLE_BUDGET_KB;
  const budget = budgetKb ? Number(budgetKb) * 1000 : DEFAULT_BUDGET_BYTES;
  if (!Number.isFinite(budget) || budget <= 0) throw new Error(`BUNDLE_BUDGET_KB: not a positive number: "${budgetKb}"`);
  const report = bundleReport(manifest, (file) => gzipSync(readFileSync(join(distDir, file))).length, budget);
  console.log(formatReport(report));
  if (report.overBudget) {
    console.error(`\nThe initial JavaScript is ${kB(report.initialGzip - report.budget)} over its ${kB(report.budget)} gzip budget: move code behind a dynamic import().`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(resolve(process.argv[2] ?? 'dist'));
  } catch (err) {
    console.error(`bundle report: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
