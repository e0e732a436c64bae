/**
 * Lists that refresh by themselves (issue 20): the inbox and the case list poll their first page
 * with the ETag the api answered (If-None-Match → 304 costs no body). The tag depends on the
 * content only, so it works against any number of api replicas. A new 急难 task raises a browser
 * notification with a short tone; permission is asked once, from a button (browsers want a click).
 */
import { useEffect, useRef } from 'react';
import type { Query } from '../api/client';

/** How often a visible list asks whether it changed. */
export const LIVE_POLL_MS = 10_000;
const ASKED_KEY = 'casework.notifications.asked';

/** Emergency-lane tasks in `items` that were not in the previous poll (none on the first poll: that is the baseline). */
export function newEmergencyTasks<T extends { id: string; lane: string }>(seen: ReadonlySet<string> | null, items: T[]): T[] {
  if (!seen) return [];
  return items.filter((t) => t.lane === 'emergency' && !seen.has(t.id));
}

/** Whether to offer the "开启急难提醒" button: notifications exist, nothing decided yet, not asked before. */
export function shouldOfferNotifications(
  api: { permission: string } | undefined,
  storage: Pick<Storage, 'getItem'> | undefined,
): boolean {
  return !!api && api.permission === 'default' && storage?.getItem(ASKED_KEY) !== '1';
}

/** Asks for permission once (remembered in localStorage whatever the answer); null where there are no notifications. */
export async function askNotificationPermission(): Promise<NotificationPermission | null> {
  try {
    localStorage.setItem(ASKED_KEY, '1');
  } catch {
    /* private mode: asked again next time at worst */
  }
  return typeof Notification === 'undefined' ? null : Notification.requestPermission();
}

/** A short two-tone beep (no audio file to ship); silent where audio is blocked. */
export function beep(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const tone = (freq: number, at: number) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.15, ctx.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + 0.25);
    };
    tone(880, 0);
    tone(660, 0.3);
    setTimeout(() => void ctx.close(), 1000);
  } catch {
    /* no sound is better than a broken inbox */
  }
}

/** Notifies (and beeps) about new emergency tasks; the page's own banner shows them too. */
export function alertEmergency(count: number, title: string, body: string): void {
  beep();
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || count === 0) return;
  try {
    new Notification(title, { body, tag: 'casework-emergency' });
  } catch {
    /* some browsers allow notifications only from a service worker */
  }
}

/**
 * Polls `fetchIfChanged(query, etag)` while the tab is visible; calls `onChange(body)` when the
 * answer differs from the last one (not for the first, which only sets the baseline).
 */
export function useLivePoll<B>(
  fetchIfChanged: (query: Query, etag: string | null) => Promise<{ body: B; etag: string | null } | null>,
  query: Query,
  onChange: (body: B, first: boolean) => void,
  everyMs = LIVE_POLL_MS,
): void {
  const key = JSON.stringify(query);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    let etag: string | null = null;
    let first = true;
    let stopped = false;
    const tick = async () => {
      if (stopped || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return;
      try {
        const got = await fetchIfChanged(JSON.parse(key) as Query, etag);
        if (stopped || !got) return;
        etag = got.etag;
        onChangeRef.current(got.body, first);
        first = false;
      } catch {
        /* the next tick tries again; the list shows its own errors */
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), everyMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [key, everyMs, fetchIfChanged]);
}
