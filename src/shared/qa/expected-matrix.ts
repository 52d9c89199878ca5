// The persona × MVPD × resource matrix: every subscriber × every TV Everywhere title, with
// the verdict their packages and parental limit call for. Computed here from the facts
// (GET /admin/qa/facts), independently of the MVPD simulator's own code, so a test run
// that compares it with Playgate's answers checks the whole chain.
import type { QaFacts } from '../api/qa.ts';

export interface MatrixCase {
  mvpd: string;
  subscriber: string;
  resource: string;
  expected: 'Permit' | 'Deny';
  /** The Adobe error code of a Deny. */
  code?: 'authorization_denied_by_mvpd' | 'authorization_denied_by_parental_controls';
  why: string;
}

export function expectedMatrix(facts: QaFacts): MatrixCase[] {
  const rank = (r: string) => facts.ratings.indexOf(r);
  const cases: MatrixCase[] = [];
  for (const s of facts.subscribers) {
    for (const r of facts.resources) {
      if (r.access !== 'tve' || r.package === null) continue;
      const base = { mvpd: s.mvpd, subscriber: s.username, resource: r.id };
      if (!s.packages.includes(r.package)) cases.push({ ...base, expected: 'Deny', code: 'authorization_denied_by_mvpd', why: `package ${r.package} not in ${s.packages.join('+')}` });
      else if (s.maxRating !== null && rank(r.rating) > rank(s.maxRating)) cases.push({ ...base, expected: 'Deny', code: 'authorization_denied_by_parental_controls', why: `${r.rating} above the limit ${s.maxRating}` });
      else cases.push({ ...base, expected: 'Permit', why: `${r.package} in package, ${r.rating} allowed` });
    }
  }
  return cases;
}
