// HTTP byte ranges on segments (RFC 9110 §14): one range per request, in the three
// forms players send — `bytes=a-b`, `bytes=a-`, `bytes=-n` (the last n bytes).
// A header that is not one well-formed single range is ignored (the whole file, 200),
// as the RFC allows; a well-formed range that starts past the end is unsatisfiable (416).

/** Inclusive byte offsets. */
export interface ByteRange {
  start: number;
  end: number;
}

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const m = SINGLE_RANGE.exec(header.trim().replace(/\s+/g, ''));
  if (!m) return null;
  const [, first, last] = m as unknown as [string, string, string];
  if (first === '' && last === '') return null;
  if (first === '') {
    // Suffix range: the last n bytes (all of them when n ≥ size).
    const n = Number(last);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
