import { Check, Copy, ImagePlus, Trash2 } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { LanguageSwitch } from '@/components/language-switch';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Section } from '@/components/ui/section';
import { ApiError } from '@/lib/api-client';
import { errorText, problemText } from '@/lib/i18n';
import { useSession } from '@/lib/session';
import { usernameError } from '@/lib/validation';
import { useRemoveAvatar, useUploadAvatar } from '../api/avatar';
import { useUpdateMe } from '../api/update-me';

/** The pictures the server takes for an avatar (it reads the type from the bytes). */
const AVATAR_TYPES = 'image/png,image/jpeg,image/webp,image/gif';

/** AUTH-7: my avatar (an uploaded picture), WOXLY ID (copyable, never editable), username and the
 * language. */
export function ProfileSection() {
  const { t } = useTranslation();
  const user = useSession((state) => state.user);
  const updating = useUpdateMe();
  const [username, setUsername] = useState(user?.username ?? '');
  const [error, setError] = useState<string | null>(null);
  if (!user) return null;

  function save(event: FormEvent) {
    event.preventDefault();
    const local = usernameError(username);
    if (local) {
      setError(errorText(local));
      return;
    }
    updating.mutate(
      { username },
      {
        onSuccess: () => {
          setError(null);
          toast.success(t('profile.saved'));
        },
        onError: (caught) => setError(errorText(caught instanceof ApiError ? caught.code : 'unknown')),
      },
    );
  }

  return (
    <Section title={t('settings.profile')}>
      <div className="flex flex-wrap items-center gap-4">
        <Avatar user={user} size="xl" />
        <div className="min-w-0 flex-1">
          <p className="truncate text-lg font-semibold text-white" title={user.username}>
            {user.username}
          </p>
          <WoxlyIdButton id={user.woxlyId} />
          {user.email && <p className="mt-1 truncate text-xs text-muted">{user.email}</p>}
        </div>
        <AvatarButtons hasAvatar={!!user.avatarUrl} />
      </div>
      <form onSubmit={save} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
        <Field
          className="flex-1"
          label={t('auth.username')}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          error={error}
        />
        <Button type="submit" disabled={username === user.username || updating.isPending}>
          {t('common.save')}
        </Button>
      </form>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium uppercase tracking-wide text-muted">{t('settings.language')}</span>
        <LanguageSwitch />
      </div>
    </Section>
  );
}

function WoxlyIdButton({ id }: { id: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard?.writeText(id).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button
      type="button"
      onClick={() => void copy()}
      className="mt-1 flex items-center gap-1.5 rounded-lg bg-raised px-2 py-1 font-mono text-sm text-primary-soft hover:bg-zinc-800"
      aria-label={t('profile.copyIdFor', { id })}
      data-testid="woxly-id"
    >
      {id}
      {copied ? <Check className="h-3.5 w-3.5 text-green-400" /> : <Copy className="h-3.5 w-3.5" />}
    </button>
  );
}

/** Choose a picture (sent at once) or remove the avatar. */
function AvatarButtons({ hasAvatar }: { hasAvatar: boolean }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const uploading = useUploadAvatar();
  const removing = useRemoveAvatar();
  const onError = (caught: unknown) => toast.error(problemText(caught));
  return (
    <div className="flex flex-wrap gap-2">
      <input
        ref={input}
        type="file"
        accept={AVATAR_TYPES}
        className="hidden"
        data-testid="avatar-file"
        aria-label={t('profile.avatarUpload')}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) uploading.mutate(file, { onSuccess: () => toast.success(t('profile.avatarSaved')), onError });
        }}
      />
      <Button variant="secondary" disabled={uploading.isPending} onClick={() => input.current?.click()}>
        <ImagePlus className="h-4 w-4" />
        {t(uploading.isPending ? 'profile.avatarUploading' : 'profile.avatarUpload')}
      </Button>
      {hasAvatar && (
        <Button variant="ghost" disabled={removing.isPending} onClick={() => removing.mutate(undefined, { onError })}>
          <Trash2 className="h-4 w-4" />
          {t('profile.avatarRemove')}
        </Button>
      )}
    </div>
  );
}
