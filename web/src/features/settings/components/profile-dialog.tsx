import { Check, Copy, LogOut, MonitorSmartphone, ShieldCheck } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { LanguageSwitch } from '@/components/language-switch';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { useLogout } from '@/features/auth';
import { ApiError } from '@/lib/api-client';
import { errorText } from '@/lib/i18n';
import { useSession } from '@/lib/session';
import { usernameError } from '@/lib/validation';
import { useTwoFactorStatus } from '../api/get-two-factor';
import { useUpdateMe } from '../api/update-me';
import { BlockedList } from './blocked-list';
import { SessionsDialog } from './sessions-dialog';
import { TwoFactorDialog } from './two-factor-dialog';

/** AUTH-7: my WOXLY ID (copyable, never editable), username and avatar; the language; two-factor
 * sign-in (AUTH-8); my sessions and password (AUTH-9); logout. */
export function ProfileDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const user = useSession((state) => state.user);
  const logout = useLogout();
  const updating = useUpdateMe();
  const [username, setUsername] = useState(user?.username ?? '');
  const [avatarUrl, setAvatarUrl] = useState(user?.avatarUrl ?? '');
  const [errors, setErrors] = useState<{ username?: string; avatarUrl?: string }>({});
  const [copied, setCopied] = useState(false);
  const twoFactor = useTwoFactorStatus();
  const [changingTwoFactor, setChangingTwoFactor] = useState(false);
  const [showingSessions, setShowingSessions] = useState(false);
  if (!user) return null;
  if (showingSessions) return <SessionsDialog onClose={() => setShowingSessions(false)} />;
  if (changingTwoFactor && twoFactor.data) {
    return <TwoFactorDialog enabled={twoFactor.data.enabled} onClose={() => setChangingTwoFactor(false)} />;
  }

  async function copyId() {
    if (!user) return;
    await navigator.clipboard?.writeText(user.woxlyId).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const local = usernameError(username);
    if (local) {
      setErrors({ username: errorText(local) });
      return;
    }
    updating.mutate(
      { username, avatarUrl: avatarUrl.trim() || null },
      {
        onSuccess: () => {
          setErrors({});
          toast.success(t('profile.saved'));
          onClose();
        },
        onError: (caught) => {
          const code = caught instanceof ApiError ? caught.code : 'unknown';
          setErrors(code === 'invalid_avatar_url' ? { avatarUrl: errorText(code) } : { username: errorText(code) });
        },
      },
    );
  }

  return (
    <Dialog open={open} onClose={onClose} title={t('profile.title')}>
      <form onSubmit={save} className="flex flex-col gap-4" noValidate>
        <div className="flex items-center gap-4 rounded-2xl bg-bg p-4">
          <Avatar user={{ ...user, avatarUrl: avatarUrl.trim() || null }} size="lg" status={user.status} />
          <div className="min-w-0">
            <p className="truncate text-lg font-semibold text-white">{user.username}</p>
            <button
              type="button"
              onClick={() => void copyId()}
              className="mt-1 flex items-center gap-1.5 rounded-lg bg-raised px-2 py-1 font-mono text-sm text-primary-soft hover:bg-zinc-800"
              aria-label={t('profile.copyIdFor', { id: user.woxlyId })}
              data-testid="woxly-id"
            >
              {user.woxlyId}
              {copied ? <Check className="h-3.5 w-3.5 text-green-400" /> : <Copy className="h-3.5 w-3.5" />}
            </button>
            {user.email && <p className="mt-1 truncate text-xs text-muted">{user.email}</p>}
          </div>
        </div>
        <Field
          label={t('auth.username')}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          error={errors.username}
        />
        <Field
          label={t('profile.avatarUrl')}
          value={avatarUrl}
          placeholder="https://…"
          onChange={(event) => setAvatarUrl(event.target.value)}
          error={errors.avatarUrl}
        />
        <div className="flex items-center justify-between">
          <span className="text-xs font-medium uppercase tracking-wide text-muted">{t('settings.language')}</span>
          <LanguageSwitch />
        </div>
        <div className="flex items-center justify-between gap-2">
          <span className="text-xs font-medium uppercase tracking-wide text-muted">{t('sessions.title')}</span>
          <Button variant="secondary" onClick={() => setShowingSessions(true)}>
            <MonitorSmartphone className="h-4 w-4" />
            {t('sessions.open')}
          </Button>
        </div>
        {twoFactor.data && (
          <div className="flex items-center justify-between gap-2" data-testid="two-factor">
            <span className="text-xs font-medium uppercase tracking-wide text-muted">
              {t('twoFactor.title')}: {t(twoFactor.data.enabled ? 'twoFactor.on' : 'twoFactor.off')}
            </span>
            <Button variant="secondary" onClick={() => setChangingTwoFactor(true)}>
              <ShieldCheck className="h-4 w-4" />
              {t(twoFactor.data.enabled ? 'twoFactor.turnOff' : 'twoFactor.turnOn')}
            </Button>
          </div>
        )}
        <BlockedList />
        <div className="flex items-center justify-between gap-2 pt-2">
          <Button variant="danger" onClick={() => logout.mutate()}>
            <LogOut className="h-4 w-4" />
            {t('profile.logout')}
          </Button>
          <Button type="submit">{t('common.save')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
