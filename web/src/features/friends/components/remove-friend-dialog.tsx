import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { Friend } from '@/lib/types';
import { useRemoveFriend } from '../api/remove-friend';

/** FRIEND-5: removing a friend, once confirmed. */
export function RemoveFriendDialog({ friend, open, onClose }: { friend: Friend; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const removing = useRemoveFriend();
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={t('friends.removeTitle')}
      text={t('friends.removeText', { name: friend.username })}
      action={t('friends.remove')}
      busy={removing.isPending}
      onConfirm={() => removing.mutate(friend.id, { onSuccess: onClose })}
    />
  );
}
