// Checks a response of Playgate's /api/v2 or /o/client against Adobe's published OpenAPI
// documents (fixtures/adobe-pass): the operation is found by method and path template,
// the schema by status code. The test harness runs this on every injected response.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

type OpenApi = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>; components: object };

const load = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/adobe-pass/${name}`, import.meta.url)), 'utf8')) as OpenApi;

/**
 * Where Playgate deliberately differs from the documents, and why. Each entry is applied
 * in `expectedSchema` below; nothing else is exempt.
 */
export const DELIBERATE_DIFFERENCES = [
  {
    what: 'Error statuses the OpenAPI does not list (403, 404, 405, 413, 415, 429)',
    why: "Adobe's prose (enhanced error codes) answers them with the same ErrorInformation body; the OpenAPI lists only 400/401/500. Playgate validates them against ErrorInformation.",
  },
  {
    what: 'Error bodies of /o/client/* (the DCR OpenAPI gives 400 with no schema)',
    why: 'One error model everywhere: Playgate answers DCR failures with ErrorInformation too, and validates them against it.',
  },
  {
    what: 'GET /api/v2/authenticate/{sp}/{code} and the MVPD callback answer errors with an HTML page',
    why: 'They are opened in a browser (user agent), not called by the app; a JSON body would be useless to the viewer. Not validated.',
  },
  {
    what: 'ErrorInformation.message is a string, where the OpenAPI says `Message` = {type: object}',
    why: "A Java code-generation artifact: Adobe's enhanced-error-code documentation and every example show `\"message\": \"…\"` as a string. The harness reads `Message` as a string.",
  },
  {
    what: 'Profile attribute values (UserMetadataResponse.value) are strings, where the OpenAPI says {type: object}',
    why: "The same artifact: Adobe's profile examples show `\"userID\": {\"value\": \"BAKP…\", \"state\": \"plain\"}`. The harness accepts a string or an object there.",
  },
  {
    what: 'A decision may carry an extra `obligations` array (the MVPD\'s XACML obligations: upgrade, restrict-pc, re-authz)',
    why: "Adobe's MVPD guide says the programmer fulfils them, and DecisionResponse has no field for them; it does not forbid extra properties, so the body still validates. Adobe's own fields carry the effect too (`notAfter`, the error code).",
  },
  {
    what: 'decisions/* responses carry an extra top-level `trace` array',
    why: "The decision trace for the journey view. Adobe's DecisionsResponse does not forbid extra properties, so the body still validates.",
  },
] as const;

class Conformance {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly docs: Array<{ prefix: string; id: string; doc: OpenApi; templates: Array<{ template: string; re: RegExp; literals: number }> }>;

  constructor() {
    this.docs = [
      { prefix: '/api/v2', id: 'rest', doc: load('restApiV2.json') },
      { prefix: '/o', id: 'dcr', doc: load('dcrApi.json') },
    ].map((d) => {
      this.ajv.addSchema({ $id: d.id, components: d.id === 'rest' ? relaxCodegenArtifacts(d.doc.components) : d.doc.components });
      const templates = Object.keys(d.doc.paths)
        .map((template) => ({
          template,
          re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
          literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
        }))
        .sort((a, b) => b.literals - a.literals);
      return { ...d, templates };
    });
  }

  /** The schema ref a response must match, or null when the documents say nothing to check. */
  expectedSchema(method: string, path: string, status: number, contentType: string | undefined): { ref: string; operation: string } | null {
    const doc = this.docs.find((d) => path.startsWith(`${d.prefix}/`));
    if (!doc) return null;
    const rest = path.slice(doc.prefix.length);
    const match = doc.templates.find((t) => t.re.test(rest));
    if (!match) return null;
    const operation = `${method.toUpperCase()} ${doc.prefix}${match.template}`;
    if (!contentType?.includes('application/json')) {
      if (rest.startsWith('/authenticate/')) return null; // HTML for the user agent (deliberate)
      if (status >= 300 && status < 400) return null;
    }
    const op = doc.doc.paths[match.template]?.[method.toLowerCase()];
    const schema = op?.responses?.[String(status)]?.content?.['application/json']?.schema as { $ref?: string } | undefined;
    if (schema?.$ref) return { ref: `${doc.id}${schema.$ref}`, operation };
    if (status >= 400) return { ref: 'rest#/components/schemas/ErrorInformation', operation };
    return null;
  }

  check(method: string, path: string, status: number, contentType: string | undefined, body: string): string | null {
    const expected = this.expectedSchema(method, path, status, contentType);
    if (!expected) return null;
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return `${expected.operation} → ${status}: body is not JSON`;
    }
    let validate = this.cache.get(expected.ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: expected.ref });
      this.cache.set(expected.ref, validate);
    }
    if (validate(data)) return null;
    return `${expected.operation} → ${status} does not match ${expected.ref}: ${this.ajv.errorsText(validate.errors)}`;
  }
}

/** Applies exactly the two documented relaxations above to a copy of the components. */
function relaxCodegenArtifacts(components: object): object {
  const copy = structuredClone(components) as { schemas: Record<string, any> };
  copy.schemas.Message = { type: 'string' };
  copy.schemas.UserMetadataResponse.properties.value = { type: ['string', 'object'] };
  return copy;
}

let instance: Conformance | undefined;
export const adobeConformance = () => (instance ??= new Conformance());
