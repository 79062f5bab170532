import { Mail } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import type { RoomDetail } from '@/lib/events';
import { useAnswerInvitation } from '../api/answer-invitation';

/** ROOM-3: an invitee sees who invites them and who is in, and accepts or declines. */
export function Invitation({ detail }: { detail: RoomDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const answering = useAnswerInvitation();
  const owner = detail.participants.find((p) => p.id === detail.room.ownerId);
  const answer = (accept: boolean) =>
    answering.mutate({ roomId: detail.room.id, accept }, { onSuccess: () => !accept && void navigate('/') });

  return (
    <div className="flex h-full items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-2xl border border-line bg-surface p-6 text-center shadow-2xl shadow-black/40">
        <div className="mx-auto mb-4 flex h-14 w-14 items-center justify-center rounded-2xl bg-primary/10 text-primary">
          <Mail className="h-7 w-7" />
        </div>
        <p className="text-sm text-muted">{t('rooms.invitedBy', { name: owner?.username ?? '' })}</p>
        <h1 className="mt-1 text-xl font-semibold text-white">{detail.room.name}</h1>
        <div className="mt-4 flex justify-center -space-x-2">
          {detail.participants
            .filter((p) => p.roomStatus === 'accepted')
            .slice(0, 6)
            .map((p) => (
              <Avatar key={p.id} user={p} size="sm" />
            ))}
        </div>
        <div className="mt-6 flex justify-center gap-2">
          <Button variant="secondary" disabled={answering.isPending} onClick={() => answer(false)}>
            {t('rooms.decline')}
          </Button>
          <Button disabled={answering.isPending} onClick={() => answer(true)}>
            {t('rooms.accept')}
          </Button>
        </div>
      </div>
    </div>
  );
}
