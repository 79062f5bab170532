import { useId, type ReactNode } from 'react';

/** A titled part of a page (a settings section), named by its heading for screen readers. */
export function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4 rounded-2xl border border-line bg-surface p-4 sm:p-5">
      <div>
        <h2 id={id} className="text-base font-semibold text-white">
          {title}
        </h2>
        {hint && <p className="mt-1 text-sm text-muted">{hint}</p>}
      </div>
      {children}
    </section>
  );
}
