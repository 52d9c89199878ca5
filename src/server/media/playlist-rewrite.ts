// Rewrites an HLS playlist so every URI it names carries the playback token: the
// token then travels with the player's own requests (any player, native HLS included,
// and no CORS preflight per segment).
export function rewritePlaylist(text: string, token: string): string {
  const suffix = (uri: string) => `${uri}${uri.includes('?') ? '&' : '?'}pt=${encodeURIComponent(token)}`;
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed === '') return line;
      if (!trimmed.startsWith('#')) return suffix(trimmed);
      // Tags such as EXT-X-MEDIA, EXT-X-KEY, EXT-X-MAP carry URIs in a URI="..." attribute.
      return line.replace(/URI="([^"]+)"/g, (_m, uri: string) => `URI="${suffix(uri)}"`);
    })
    .join('\n');
}
