import { HeadphoneOff, MonitorUp, UserMinus, Video } from 'lucide-react';
import { motion } from 'motion/react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { ParticipantVoice } from '@/features/voice';
import { IconButton } from '@/components/ui/button';
import type { Participant, Room } from '@/lib/types';
import { useDisplayName } from '@/lib/use-display-name';
import { sortParticipants } from '@/features/rooms';

/** What the speaking, muted, deafened, camera and sharing marks say, for a screen reader (the marks are
 * pictures). */
const liveState = (p: Participant) =>
  [
    p.isSpeaking && 'rooms.speakingNow',
    p.isMuted && 'rooms.micOff',
    p.isDeafened && 'rooms.deafened',
    p.isInRoom && p.isCameraOn && 'rooms.cameraOn',
    p.isInRoom && p.isSharing && 'rooms.sharing',
  ].filter(
    (key): key is string => typeof key === 'string',
  );

/** ROOM-4: who is here, sorted speaking → in the room → by name, with their live state. */
export function ParticipantList({
  room,
  participants,
  myId,
  canRemove,
  onRemove,
}: {
  room: Room;
  participants: Participant[];
  myId: number;
  /** The room's permissions allow removing members (its owner's). */
  canRemove: boolean;
  onRemove: (participant: Participant) => void;
}) {
  const { t } = useTranslation();
  const displayName = useDisplayName();
  const shown = sortParticipants(participants.filter((p) => p.roomStatus !== 'declined'));
  const inRoom = shown.filter((p) => p.isInRoom).length;
  return (
    <section aria-label={t('rooms.participants')} className="flex flex-col gap-1">
      <h2 className="px-2 pb-1 text-xs font-semibold uppercase tracking-wider text-muted">
        {room.kind === 'direct'
          ? t('rooms.inCallCount', { count: inRoom })
          : t('rooms.inRoomCount', { count: inRoom, total: shown.length })}
      </h2>
      <ul className="flex flex-col gap-0.5">
        {shown.map((participant) => (
          <motion.li
            layout
            key={participant.id}
            data-testid="participant"
            data-username={participant.username}
            data-in-room={participant.isInRoom}
            data-speaking={participant.isSpeaking}
            data-muted={participant.isMuted}
            data-deafened={participant.isDeafened}
            className="flex items-center gap-3 rounded-xl px-2 py-1.5"
          >
            {/* Someone not in the room is dimmed in the picture, not in the text (which must stay legible). */}
            <div className={participant.isInRoom ? '' : 'opacity-50'}>
              <Avatar
                user={participant}
                size="sm"
                status={participant.status}
                speaking={participant.isSpeaking}
                muted={participant.isMuted}
              />
            </div>
            <div className="min-w-0 flex-1">
              <p className={`truncate text-sm ${participant.isInRoom ? 'text-white' : 'text-muted'}`} title={displayName(participant)}>
                {displayName(participant)}
                {participant.id === myId && <span className="text-muted"> ({t('rooms.you')})</span>}
                <span className="sr-only">{liveState(participant).map((key) => `, ${t(key)}`).join('')}</span>
              </p>
              <p className="truncate text-[11px] text-muted">
                {participant.id === room.ownerId && room.kind === 'group'
                  ? t('rooms.owner')
                  : participant.roomStatus === 'pending'
                    ? t('rooms.invited')
                    : participant.isInRoom
                      ? t('rooms.here')
                      : t(`status.${participant.status}`)}
              </p>
            </div>
            {participant.isInRoom && participant.isSharing && <MonitorUp className="h-4 w-4 text-primary" aria-hidden="true" data-testid="sharing-mark" />}
            {participant.isInRoom && participant.isCameraOn && <Video className="h-4 w-4 text-muted" aria-hidden="true" data-testid="camera-mark" />}
            {participant.isDeafened && <HeadphoneOff className="h-4 w-4 text-red-400" aria-hidden="true" />}
            {participant.isInRoom && participant.id !== myId && <ParticipantVoice userId={participant.id} name={participant.username} />}
            {canRemove && participant.id !== myId && (
              <IconButton
                label={t('rooms.removeMember', { name: participant.username })}
                onClick={() => onRemove(participant)}
                className="h-7 w-7 hover:text-red-400"
              >
                <UserMinus className="h-3.5 w-3.5" />
              </IconButton>
            )}
          </motion.li>
        ))}
      </ul>
    </section>
  );
}
