import { describe, expect, it } from 'vitest';
import { newEmergencyTasks, shouldOfferNotifications } from './live';

describe('live inbox', () => {
  const t = (id: string, lane: string) => ({ id, lane });
  it('the first poll is the baseline: nothing is new', () => {
    expect(newEmergencyTasks(null, [t('a', 'emergency')])).toEqual([]);
  });
  it('only emergency tasks not seen before are new', () => {
    const seen = new Set(['a', 'b']);
    expect(newEmergencyTasks(seen, [t('a', 'emergency'), t('c', 'normal'), t('d', 'emergency'), t('b', 'fast')])).toEqual([t('d', 'emergency')]);
  });
  it('offers the permission button once, and only while the browser has not decided', () => {
    const store = (v: string | null) => ({ getItem: () => v });
    expect(shouldOfferNotifications({ permission: 'default' }, store(null))).toBe(true);
    expect(shouldOfferNotifications({ permission: 'default' }, store('1'))).toBe(false);
    expect(shouldOfferNotifications({ permission: 'granted' }, store(null))).toBe(false);
    expect(shouldOfferNotifications({ permission: 'denied' }, store(null))).toBe(false);
    expect(shouldOfferNotifications(undefined, store(null))).toBe(false);
  });
});
