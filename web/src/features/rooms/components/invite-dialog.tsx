import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useFriends } from '@/features/friends';
import type { Participant } from '@/lib/types';
import { useInviteToRoom } from '../api/invite-to-room';
import { FriendPicker, toggled } from './friend-picker';

/** ROOM-3: any member invites more friends (those already in or invited are not offered). */
export function InviteDialog({
  roomId,
  participants,
  open,
  onClose,
}: {
  roomId: number;
  participants: Participant[];
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const inviting = useInviteToRoom();
  const taken = new Set(participants.filter((p) => p.roomStatus !== 'declined').map((p) => p.id));
  const friends = (useFriends().data ?? []).filter((friend) => !taken.has(friend.id));
  const [chosen, setChosen] = useState<Set<number>>(new Set());

  const invite = () =>
    inviting.mutate(
      { roomId, userIds: [...chosen] },
      {
        onSuccess: () => {
          toast.success(t('rooms.invitationsSent', { count: chosen.size }));
          setChosen(new Set());
          onClose();
        },
      },
    );

  return (
    <Dialog open={open} onClose={onClose} title={t('rooms.inviteTitle')}>
      <FriendPicker friends={friends} chosen={chosen} onToggle={(id) => setChosen((set) => toggled(set, id))} />
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button disabled={chosen.size === 0 || inviting.isPending} onClick={invite}>
          {t('rooms.inviteButton')}
        </Button>
      </div>
    </Dialog>
  );
}
