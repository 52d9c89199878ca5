import { describe, expect, it } from 'vitest';
import { parseResource } from './resource-id.ts';

const mrss = (channel: string, item = '') =>
  `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>${channel}</title>${item}</channel></rss>`;

describe('parseResource', () => {
  it('takes a plain id as it is', () => {
    expect(parseResource('news-24')).toEqual({ id: 'news-24', raw: 'news-24' });
  });

  it('takes the channel title of an MRSS resource, with the item details', () => {
    const raw = mrss('late-movie', '<item><title>The Late Movie</title><guid>lm-001</guid><media:rating scheme="urn:v-chip">tv-ma</media:rating></item>');
    expect(parseResource(raw)).toEqual({ id: 'late-movie', raw, item: { title: 'The Late Movie', guid: 'lm-001', rating: 'tv-ma' } });
  });

  it.each([
    ['malformed XML', '<rss><channel><title>x</channel>'],
    ['no channel title', '<rss><channel><item><title>x</title></item></channel></rss>'],
    ['an empty title', mrss('  ')],
    ['not RSS at all', '<html><body>news-24</body></html>'],
  ])('refuses %s with invalid_parameter_resources', (_label, raw) => {
    expect(() => parseResource(raw)).toThrowError(expect.objectContaining({ code: 'invalid_parameter_resources' }));
  });

  it('does not expand entities (no XXE or billion laughs)', () => {
    const raw = `<!DOCTYPE rss [<!ENTITY x "news-24">]><rss><channel><title>&x;</title></channel></rss>`;
    expect(parseResource(raw).id).not.toBe('news-24');
  });
});
