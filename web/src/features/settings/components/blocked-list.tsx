import { UserCheck } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { useBlocked, useUnblock } from '@/features/friends';

/** FRIEND-6: the people I blocked, each with a labelled "unblock". */
export function BlockedList() {
  const { t } = useTranslation();
  const blocked = useBlocked();
  const unblock = useUnblock();
  return (
    <div className="flex flex-col gap-2">
      <span className="text-xs font-medium uppercase tracking-wide text-muted">{t('blocking.blockedTitle')}</span>
      {blocked.data?.length === 0 && <p className="text-sm text-muted">{t('blocking.noneBlocked')}</p>}
      <ul className="flex flex-col gap-1" aria-label={t('blocking.blockedTitle')}>
        {blocked.data?.map((user) => (
          <li key={user.id} data-testid="blocked-user" className="flex items-center gap-3 rounded-xl bg-bg px-3 py-2">
            <Avatar user={user} size="sm" />
            <span className="min-w-0 flex-1 truncate text-sm text-white" title={user.username}>
              {user.username}
            </span>
            <Button variant="secondary" aria-label={t('blocking.unblock', { name: user.username })} onClick={() => unblock.mutate(user.id)}>
              <UserCheck className="h-4 w-4" />
              {t('blocking.unblockShort')}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
