import { Users } from 'lucide-react';
import { AnimatePresence } from 'motion/react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/ui/empty-state';
import { useFriends } from '../api/get-friends';
import { groupFriends } from '../sort';
import { FriendRow } from './friend-row';

/** FRIEND-4: my friends, grouped by status. */
export function FriendList() {
  const { t } = useTranslation();
  const { data: friends, isPending } = useFriends();
  if (isPending) return null;
  if (!friends || friends.length === 0) {
    return <EmptyState icon={Users} title={t('friends.emptyTitle')} text={t('friends.emptyText')} />;
  }
  return (
    <div className="flex flex-col gap-6">
      {groupFriends(friends).map((group) => (
        <section key={group.status} aria-label={t(`status.${group.status}`)} data-testid={`friends-${group.status}`}>
          <h2 className="mb-2 px-2 text-xs font-semibold uppercase tracking-wider text-muted">
            {t(`status.${group.status}`)} — {group.friends.length}
          </h2>
          <ul className="flex flex-col gap-1">
            <AnimatePresence initial={false}>
              {group.friends.map((friend) => (
                <FriendRow key={friend.id} friend={friend} />
              ))}
            </AnimatePresence>
          </ul>
        </section>
      ))}
    </div>
  );
}
