import { useState } from 'react';

/**
 * A choice the server keeps, shown the moment it is made: the value being saved until its `save`
 * settles (the latest one, when choices follow each other), then `saved`, what the server has. A
 * controlled input that waited for the server would spring back on the click. A failed `save` is the
 * caller's to report (a mutation's `onError`); here it only ends the wait.
 */
export function usePendingChoice<T>(saved: T): [shown: T, choose: (value: T, save: (value: T) => Promise<unknown>) => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  const choose = (value: T, save: (value: T) => Promise<unknown>) => {
    const mine = { value };
    setPending(mine);
    void save(value)
      .catch(() => {})
      .finally(() => setPending((current) => (current === mine ? null : current)));
  };
  return [pending ? pending.value : saved, choose];
}
