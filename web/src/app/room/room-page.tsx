import { SearchX } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { useSession } from '@/lib/session';
import { isRefusal } from '@/lib/api-client';
import { serverEvents, type RoomRef } from '@/lib/events';
import type { User } from '@/lib/types';
import { useSocketEvent } from '@/lib/use-socket-event';
import { Invitation, useRoom } from '@/features/rooms';
import { RoomView } from './room-view';

/** `/rooms/:roomId`: the room for members, the invitation for invitees, "not found" for anyone else. */
export function RoomPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().roomId);
  const me = useSession((state) => state.user) as User;
  const room = useRoom(id);

  const leftBehind = ({ roomId }: RoomRef) => {
    if (roomId !== id) return;
    toast.info(t('rooms.noLongerMember'));
    void navigate('/');
  };
  useSocketEvent(serverEvents.roomRemoved, leftBehind);
  useSocketEvent(serverEvents.roomDeleted, leftBehind);

  // Only the server's refusal makes the room unavailable: a request that failed while the connection
  // was down (a restart) keeps what we had, and the room is asked for again on reconnecting.
  if (!Number.isInteger(id) || id <= 0 || (room.isError && isRefusal(room.error))) {
    return (
      <div data-testid="room-unavailable" className="flex h-full items-center justify-center">
        <EmptyState icon={SearchX} title={t('rooms.unavailableTitle')} text={t('rooms.unavailableText')}>
          <Button variant="secondary" onClick={() => void navigate('/')}>
            {t('common.home')}
          </Button>
        </EmptyState>
      </div>
    );
  }
  if (!room.data) return null;
  const mine = room.data.participants.find((p) => p.id === me.id);
  if (mine?.roomStatus === 'pending') return <Invitation detail={room.data} />;
  return <RoomView key={id} detail={room.data} me={me} />;
}
