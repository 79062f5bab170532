import { useQueryClient } from '@tanstack/react-query';
import { DoorOpen, Lock, Hash, Trash2, UserPlus, Users, SearchX, Mail } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { toast } from 'sonner';
import { Avatar } from '@/components/ui/avatar';
import { Button, IconButton } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { useSession } from '@/features/auth/stores/session-store';
import { ChatPanel } from '@/features/chat/components/chat-panel';
import { VoicePanel } from '@/features/voice/components/voice-panel';
import { useVoice, voice } from '@/features/voice/voice';
import { useMarkRoomNotificationsRead } from '@/features/notifications/hooks/use-notifications';
import { problemText } from '@/lib/i18n';
import type { Participant, User } from '@/lib/types';
import { useMediaQuery } from '@/lib/use-media-query';
import { useSocketEvent } from '@/lib/use-socket-event';
import {
  acceptInvitation,
  declineInvitation,
  deleteRoom,
  leaveRoom,
  removeMember,
  roomKeys,
  type RoomDetail,
} from '../api';
import { useRoom } from '../hooks/use-rooms';
import { InviteDialog } from './invite-dialog';
import { ParticipantList } from './participant-list';

/** `/rooms/:roomId`: the room for members, the invitation for invitees, "not found" for anyone else. */
export function RoomPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().roomId);
  const me = useSession((state) => state.user) as User;
  const room = useRoom(id);

  const leftBehind = ({ roomId }: { roomId: number }) => {
    if (roomId !== id) return;
    toast.info(t('rooms.noLongerMember'));
    void navigate('/');
  };
  useSocketEvent('room-removed', leftBehind);
  useSocketEvent('room-deleted', leftBehind);

  if (!Number.isInteger(id) || id <= 0 || room.isError) {
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

function Invitation({ detail }: { detail: RoomDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const owner = detail.participants.find((p) => p.id === detail.room.ownerId);

  async function answer(accept: boolean) {
    try {
      if (accept) {
        queryClient.setQueryData(roomKeys.detail(detail.room.id), await acceptInvitation(detail.room.id));
      } else {
        await declineInvitation(detail.room.id);
        void navigate('/');
      }
      await queryClient.invalidateQueries({ queryKey: roomKeys.list });
      await queryClient.invalidateQueries({ queryKey: ['notifications'] });
    } catch (caught) {
      toast.error(problemText(caught));
    }
  }

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
          <Button variant="secondary" onClick={() => void answer(false)}>
            {t('rooms.decline')}
          </Button>
          <Button onClick={() => void answer(true)}>{t('rooms.accept')}</Button>
        </div>
      </div>
    </div>
  );
}

function RoomView({ detail, me }: { detail: RoomDetail; me: User }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { room } = detail;
  const [inviting, setInviting] = useState(false);
  const [confirm, setConfirm] = useState<'leave' | 'delete' | null>(null);
  const [showPeople, setShowPeople] = useState(false);
  const roomy = useMediaQuery('(min-width: 1024px)');
  const isOwner = room.ownerId === me.id;
  useMarkRoomNotificationsRead(room.id);

  // Being on the room's page is being in the room, with voice (ROOM-3, VOICE-1); the voice manager
  // joins again and rebuilds voice after a reconnect (SYNC-1).
  useEffect(() => {
    voice.enter(room.id, me.id, {
      joined: (joined, people) =>
        queryClient.setQueryData(roomKeys.detail(joined.id), { room: joined, participants: people }),
      refused: () => void queryClient.invalidateQueries({ queryKey: roomKeys.detail(room.id) }),
    });
    return () => voice.exit();
  }, [room.id, me.id, queryClient]);
  const myVoice = useVoice(useShallow((s) => ({ isSpeaking: s.speaking, isMuted: s.muted, isDeafened: s.deafened })));
  const participants = detail.participants.map((p) => (p.id === me.id ? { ...p, ...myVoice, isInRoom: true } : p));

  async function act(action: 'leave' | 'delete') {
    try {
      await (action === 'leave' ? leaveRoom(room.id) : deleteRoom(room.id));
      queryClient.removeQueries({ queryKey: roomKeys.detail(room.id) });
      await queryClient.invalidateQueries({ queryKey: roomKeys.list });
      setConfirm(null);
      void navigate('/');
    } catch (caught) {
      toast.error(problemText(caught));
    }
  }

  async function remove(participant: Participant) {
    try {
      await removeMember(room.id, participant.id);
    } catch (caught) {
      toast.error(problemText(caught));
    }
  }

  const people = (
    <ParticipantList room={room} participants={participants} myId={me.id} onRemove={(p) => void remove(p)} />
  );

  return (
    <div className="flex h-full min-h-0">
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center gap-2 border-b border-line px-4 py-3 md:px-6">
          {room.isPrivate ? <Lock className="h-4 w-4 text-muted" /> : <Hash className="h-4 w-4 text-muted" />}
          <h1 className="truncate text-base font-semibold text-white" data-testid="room-title">
            {room.name}
          </h1>
          <span className="hidden rounded-full bg-raised px-2 py-0.5 text-[11px] text-muted sm:inline">
            {room.isPrivate ? t('rooms.privateBadge') : t('rooms.publicBadge')}
          </span>
          <div className="ml-auto flex items-center gap-1">
            <IconButton label={t('rooms.invite')} onClick={() => setInviting(true)}>
              <UserPlus className="h-4 w-4" />
            </IconButton>
            {!roomy && (
              <IconButton
                label={t('rooms.participants')}
                onClick={() => setShowPeople((value) => !value)}
                aria-expanded={showPeople}
              >
                <Users className="h-4 w-4" />
              </IconButton>
            )}
            {isOwner ? (
              <IconButton label={t('rooms.delete')} onClick={() => setConfirm('delete')} className="hover:text-red-400">
                <Trash2 className="h-4 w-4" />
              </IconButton>
            ) : (
              <IconButton label={t('rooms.leave')} onClick={() => setConfirm('leave')} className="hover:text-red-400">
                <DoorOpen className="h-4 w-4" />
              </IconButton>
            )}
          </div>
        </header>
        {!roomy && (
          <div className="border-b border-line bg-surface p-3">
            {showPeople && <div className="mb-3">{people}</div>}
            <VoicePanel />
          </div>
        )}
        <ChatPanel roomId={room.id} roomName={room.name} me={me} />
      </div>
      {roomy && (
        <aside className="flex w-64 shrink-0 flex-col gap-3 border-l border-line bg-surface/50 p-3">
          <div className="min-h-0 flex-1 overflow-y-auto">{people}</div>
          <VoicePanel />
        </aside>
      )}
      <InviteDialog roomId={room.id} participants={participants} open={inviting} onClose={() => setInviting(false)} />
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === 'delete' ? t('rooms.deleteTitle') : t('rooms.leaveTitle')}
      >
        <p className="text-sm text-zinc-300">
          {confirm === 'delete' ? t('rooms.deleteText', { room: room.name }) : t('rooms.leaveText', { room: room.name })}
        </p>
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setConfirm(null)}>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" onClick={() => confirm && void act(confirm)}>
            {confirm === 'delete' ? t('rooms.delete') : t('rooms.leave')}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
