import { motion } from 'motion/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { LanguageSwitch } from '@/components/language-switch';

/** The frame of the sign-in screens: the brand, a soft pink glow, and the card. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="relative flex min-h-full items-center justify-center overflow-hidden px-4 py-10">
      <div className="pointer-events-none absolute -top-40 left-1/2 h-[32rem] w-[32rem] -translate-x-1/2 rounded-full bg-primary/20 blur-[120px]" />
      <div className="absolute right-4 top-4">
        <LanguageSwitch />
      </div>
      <motion.main
        initial={{ opacity: 0, y: 16 }}
        animate={{ opacity: 1, y: 0 }}
        transition={{ duration: 0.35, ease: 'easeOut' }}
        className="relative w-full max-w-sm"
      >
        <div className="mb-8 flex flex-col items-center text-center">
          <img src="/logo.svg" alt="" className="mb-4 h-14 w-14 drop-shadow-[0_8px_24px_rgba(236,72,153,0.45)]" />
          <p className="text-sm font-semibold tracking-[0.3em] text-primary-soft">WOXLY</p>
          <h1 className="mt-3 text-2xl font-bold text-white">{title}</h1>
          <p className="mt-1 text-sm text-muted">{subtitle}</p>
        </div>
        <div className="rounded-2xl border border-line bg-surface/80 p-6 shadow-2xl shadow-black/50 backdrop-blur">
          {children}
        </div>
        <p className="mt-6 text-center text-xs text-muted">{t('auth.tagline')}</p>
      </motion.main>
    </div>
  );
}

/** The foot of a sign-in form: what went wrong, the submit button, and the way to the other form. */
export function AuthFormFoot({
  error,
  submit,
  busy,
  other,
}: {
  error: string | null | undefined;
  submit: string;
  busy: boolean;
  other: { question: string; link: string; to: string };
}) {
  return (
    <>
      {error && (
        <p role="alert" className="rounded-xl border border-red-500/30 bg-red-500/10 px-3 py-2 text-sm text-red-300">
          {error}
        </p>
      )}
      <Button type="submit" disabled={busy} className="mt-1 py-2.5">
        {submit}
      </Button>
      <p className="text-center text-sm text-muted">
        {other.question}{' '}
        <Link to={other.to} className="font-medium text-primary hover:underline">
          {other.link}
        </Link>
      </p>
    </>
  );
}
