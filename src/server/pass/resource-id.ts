// A decision's resource is a plain id ("news-24") or an MRSS document, as Adobe accepts:
// <rss xmlns:media="http://search.yahoo.com/mrss/"><channel><title>news-24</title>
//   <item><title>…</title><guid>…</guid><media:rating scheme="urn:v-chip">tv-14</media:rating></item>
// </channel></rss>
// The resource id is the channel title; the item's details are kept for the trace.
import { XMLParser } from 'fast-xml-parser';
import { PassError } from '../http/pass-error.ts';

export interface ParsedResource {
  id: string;
  /** As given, for the decision's `resource` field. */
  raw: string;
  item?: { title?: string; guid?: string; rating?: string };
}

const parser = new XMLParser({ ignoreAttributes: false, processEntities: false, htmlEntities: false, parseTagValue: false, trimValues: true });

export function parseResource(raw: string): ParsedResource {
  const text = raw.trim();
  if (!text.startsWith('<')) return { id: text, raw };
  let doc: any;
  try {
    doc = parser.parse(text, true);
  } catch {
    throw new PassError('invalid_parameter_resources', 'the MRSS resource is not well-formed XML');
  }
  const channel = doc?.rss?.channel;
  const id = typeof channel?.title === 'string' ? channel.title.trim() : '';
  if (!id) throw new PassError('invalid_parameter_resources', 'the MRSS resource has no channel title');
  const item = Array.isArray(channel.item) ? channel.item[0] : channel.item;
  const rating = item?.['media:rating'];
  return {
    id,
    raw,
    ...(item
      ? {
          item: {
            ...(typeof item.title === 'string' ? { title: item.title } : {}),
            ...(item.guid !== undefined ? { guid: String(typeof item.guid === 'object' ? item.guid['#text'] : item.guid) } : {}),
            ...(rating !== undefined ? { rating: String(typeof rating === 'object' ? rating['#text'] : rating) } : {}),
          },
        }
      : {}),
  };
}
