import { LogOut, Monitor, ShieldCheck } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button, IconButton } from '@/components/ui/button';
import { Section } from '@/components/ui/section';
import { Field } from '@/components/ui/field';
import { ApiError } from '@/lib/api-client';
import { errorText, problemText } from '@/lib/i18n';
import { formatAgo } from '@/lib/time';
import { passwordError } from '@/lib/validation';
import { useChangePassword } from '../api/change-password';
import { useDeleteAccount } from '../api/delete-account';
import { useSessions } from '../api/get-sessions';
import { useSignOutOthers } from '../api/sign-out-others';
import { useSignOutSession } from '../api/sign-out-session';
import { useTwoFactorStatus } from '../api/get-two-factor';
import { TwoFactorDialog } from './two-factor-dialog';

/** AUTH-9: where I am signed in — device, address, last seen — with "sign out" for each other
 * session and for all of them; a new password, which signs the others out too; two-factor sign-in
 * (AUTH-8); and, last, deleting the account (AUTH-10). */
export function SecuritySection() {
  const { t } = useTranslation();
  return (
    <Section title={t('settings.security')}>
      <Sessions />
      <TwoFactor />
      <PasswordForm />
      <DeleteAccountForm />
    </Section>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const sessions = useSessions();
  const signOut = useSignOutSession();
  const signOutOthers = useSignOutOthers();
  const others = (sessions.data ?? []).filter((s) => !s.current).length;
  return (
    <div className="flex flex-col gap-2">
      <span className="text-xs font-medium uppercase tracking-wide text-muted">{t('sessions.title')}</span>
      <ul className="flex flex-col gap-2" aria-label={t('sessions.title')}>
        {(sessions.data ?? []).map((session) => (
          <li key={session.id} data-testid="session" className="flex items-center gap-3 rounded-xl bg-bg px-3 py-2.5">
            <Monitor className="h-5 w-5 shrink-0 text-muted" />
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-white">{session.device}</p>
              <p className="truncate text-xs text-muted">
                {session.address} · {session.current ? t('sessions.thisDevice') : formatAgo(session.lastSeenAt)}
              </p>
            </div>
            {!session.current && (
              <IconButton
                onClick={() => signOut.mutate(session.id)}
                label={t('sessions.signOutOne', { device: session.device })}
              >
                <LogOut className="h-4 w-4" />
              </IconButton>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <Button variant="danger" className="self-start" onClick={() => signOutOthers.mutate()}>
          {t('sessions.signOutOthers')}
        </Button>
      )}
    </div>
  );
}

/** AUTH-8: whether two-factor sign-in is on, and the dialog that turns it on or off. */
function TwoFactor() {
  const { t } = useTranslation();
  const twoFactor = useTwoFactorStatus();
  const [changing, setChanging] = useState(false);
  if (!twoFactor.data) return null;
  const { enabled } = twoFactor.data;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-t border-line pt-4" data-testid="two-factor">
      <span className="text-sm text-white">
        {t('twoFactor.title')}: {t(enabled ? 'twoFactor.on' : 'twoFactor.off')}
      </span>
      <Button variant="secondary" onClick={() => setChanging(true)}>
        <ShieldCheck className="h-4 w-4" />
        {t(enabled ? 'twoFactor.turnOff' : 'twoFactor.turnOn')}
      </Button>
      {changing && <TwoFactorDialog enabled={enabled} onClose={() => setChanging(false)} />}
    </div>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const changing = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = passwordError(next);
    if (local) {
      setErrors({ next: errorText(local) });
      return;
    }
    changing.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setErrors({});
          setCurrent('');
          setNext('');
          toast.success(t('sessions.passwordChanged'));
        },
        onError: (caught) => {
          const text = problemText(caught);
          const wrongCurrent = caught instanceof ApiError && caught.code === 'wrong_password';
          setErrors(wrongCurrent ? { current: text } : { next: text });
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-3 border-t border-line pt-4" noValidate>
      <p className="text-sm font-semibold text-white">{t('sessions.changePassword')}</p>
      <Field
        label={t('sessions.currentPassword')}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(event) => setCurrent(event.target.value)}
        error={errors.current}
      />
      <Field
        label={t('sessions.newPassword')}
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(event) => setNext(event.target.value)}
        error={errors.next}
      />
      <div className="flex justify-end">
        <Button type="submit" disabled={!current || !next}>
          {t('sessions.changePasswordButton')}
        </Button>
      </div>
    </form>
  );
}

function DeleteAccountForm() {
  const { t } = useTranslation();
  const deleting = useDeleteAccount();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    deleting.mutate(password, { onError: (caught) => setError(problemText(caught)) });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-3 border-t border-line pt-4" noValidate>
      <p className="text-sm font-semibold text-red-400">{t('sessions.deleteAccount')}</p>
      <p className="text-xs text-muted">{t('sessions.deleteAccountText')}</p>
      <Field
        label={t('sessions.deletePassword')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={error}
      />
      <div className="flex justify-end">
        <Button type="submit" variant="danger" disabled={!password || deleting.isPending}>
          {t('sessions.deleteAccountButton')}
        </Button>
      </div>
    </form>
  );
}
