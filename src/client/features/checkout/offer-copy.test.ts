import { describe, expect, it } from 'vitest';
import { lockedLabel, offerAction, requirementText } from './offer-copy.ts';

const ppv = { title: 'Fight Night', offer: { kind: 'purchase' as const, name: 'Fight Night', price: '$29.99' } };
const plan = { title: 'Premium Doc', offer: { kind: 'subscription' as const, name: 'Premium', price: '$9.99 a month' } };

describe('offer copy', () => {
  it('gives each title the copy of its own requirement', () => {
    expect(requirementText(ppv)).toBe('Fight Night is pay-per-view: it is not part of any plan, Premium included. Buy it once ($29.99) to watch it.');
    expect(requirementText(plan)).toBe('Premium Doc is included with Premium ($9.99 a month). Upgrade your plan to watch it.');
    expect(requirementText(ppv)).not.toBe(requirementText(plan));
  });

  it('names the way forward and the badge by the kind of offer', () => {
    expect(offerAction(ppv.offer)).toBe('Buy Fight Night');
    expect(offerAction(plan.offer)).toBe('Upgrade to Premium');
    expect(lockedLabel(ppv.offer)).toBe('Pay-per-view');
    expect(lockedLabel(plan.offer)).toBe('With Premium');
    expect(lockedLabel(undefined)).toBe('Not in your plan');
  });
});
