/** A cursor-paged list: first page on query change, "load more" appends the next. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Query } from '../api/client';

export interface Paged<T, P> {
  items: T[];
  page: P | undefined;
  error: unknown;
  loading: boolean;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
  /** Changes loaded items in place (e.g. one row after an edit) without reloading. */
  update(change: (items: T[]) => T[]): void;
}

export function usePaged<T, P extends { items: T[]; nextCursor: string | null }>(
  fetchPage: (query: Query) => Promise<P>,
  query: Query,
): Paged<T, P> {
  const key = JSON.stringify(query);
  const [items, setItems] = useState<T[]>([]);
  const [page, setPage] = useState<P | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((cursor: string | null, append: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    fetchRef.current({ ...JSON.parse(key), cursor }).then(
      (p) => {
        if (mine !== generation.current) return;
        setPage(p);
        setItems((prev) => (append ? [...prev, ...p.items] : p.items));
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [key]);

  useEffect(() => {
    load(null, false);
    return () => {
      generation.current++;
    };
  }, [load, tick]);

  return {
    items,
    page,
    error,
    loading,
    hasMore: !!page?.nextCursor,
    loadMore: () => page?.nextCursor && load(page.nextCursor, true),
    reload: () => setTick((t) => t + 1),
    update: (change) => setItems(change),
  };
}
