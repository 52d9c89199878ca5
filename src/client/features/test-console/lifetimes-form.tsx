// The test console's "short lifetimes for the next session": the profile, its media tokens
// and its decisions (how long an MVPD answer is cached, a Permit's notAfter). A field left
// empty keeps the configured lifetime. One admin call (POST /admin/qa/lifetimes).
import { useState } from 'react';

export interface LifetimesChoice {
  profileSeconds?: number;
  mediaTokenSeconds?: number;
  decisionSeconds?: number;
}

const FIELDS = [
  { key: 'profileSeconds', label: 'Profile lifetime of the next TV provider sign-in (seconds)', initial: '20' },
  { key: 'mediaTokenSeconds', label: 'Media token lifetime (seconds)', initial: '' },
  { key: 'decisionSeconds', label: 'Decision and decision-cache lifetime (seconds)', initial: '' },
] as const;

export function LifetimesForm({ pending, onSubmit }: { pending: boolean; onSubmit: (choice: LifetimesChoice) => void }) {
  const [values, setValues] = useState<Record<(typeof FIELDS)[number]['key'], string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, f.initial])) as never);
  const none = FIELDS.every((f) => values[f.key].trim() === '');
  return (
    <form
      className="test-console-lifetime"
      onSubmit={(e) => {
        e.preventDefault();
        const choice: LifetimesChoice = {};
        for (const f of FIELDS) if (values[f.key].trim() !== '') choice[f.key] = Number(values[f.key]);
        onSubmit(choice);
      }}
    >
      <p className="hint">For the next TV provider sign-in of this viewer (or this device); an empty field keeps the configured lifetime.</p>
      {FIELDS.map((f) => (
        <label key={f.key}>
          {f.label}{' '}
          <input type="number" min={5} max={86400} value={values[f.key]} onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))} />
        </label>
      ))}
      <button type="submit" disabled={pending || none}>
        Set short lifetimes
      </button>
    </form>
  );
}
