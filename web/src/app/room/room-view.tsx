import { useState } from 'react';
import { ChatPanel } from '@/features/chat';
import { useMarkRoomNotificationsRead } from '@/features/notifications';
import { useVoice, VideoStage, VoicePanel } from '@/features/voice';
import type { RoomDetail } from '@/lib/events';
import type { User } from '@/lib/types';
import { useMediaQuery } from '@/lib/use-media-query';
import { useDisplayName } from '@/lib/use-display-name';
import { InviteDialog, useRemoveMember } from '@/features/rooms';
import { useRoomVoice } from './use-room-voice';
import { ParticipantList } from './participant-list';
import { RoomHeader } from './room-header';

/** A room I am a member of: chat, participants and voice, with the video of those in it above the chat
 * (VIDEO-1, VIDEO-2); on a narrow screen the participants fold
 * away under the header. A direct conversation is its chat, with the other person in the header; its
 * people and voice show only during a call (VOICE-1, MSG-1). */
export function RoomView({ detail, me }: { detail: RoomDetail; me: User }) {
  const { room, permissions } = detail;
  const [inviting, setInviting] = useState(false);
  const [showPeople, setShowPeople] = useState(false);
  const roomy = useMediaQuery('(min-width: 1024px)');
  const participants = useRoomVoice(detail, me);
  const removing = useRemoveMember();
  const displayName = useDisplayName();
  const inVoice = useVoice((s) => s.inVoice);
  useMarkRoomNotificationsRead(room.id);
  // MSG-1: a direct conversation is shown as the other person (the server says when it is read-only).
  const peer = room.kind === 'direct' ? participants.find((p) => p.id !== me.id) : undefined;
  const title = peer ? displayName(peer) : room.name;
  const direct = room.kind === 'direct';
  const withSide = !direct || inVoice;
  // A conversation's voice is joined by calling, never by a button beside it.
  const voicePanel = (
    <VoicePanel canJoin={permissions.voice && !direct} inVoiceCount={participants.filter((p) => p.isInRoom).length} />
  );

  const people = (
    <ParticipantList
      room={room}
      participants={direct ? participants.filter((p) => p.isInRoom) : participants}
      myId={me.id}
      canRemove={permissions.manage && !direct}
      onRemove={(p) => removing.mutate({ roomId: room.id, userId: p.id })}
    />
  );

  return (
    <div className="flex h-full min-h-0">
      <div className="flex min-w-0 flex-1 flex-col">
        <RoomHeader
          room={room}
          title={title}
          peer={peer}
          permissions={permissions}
          inVoice={inVoice}
          onInvite={() => setInviting(true)}
          people={roomy || !withSide ? null : { shown: showPeople, toggle: () => setShowPeople((value) => !value) }}
        />
        {!roomy && withSide && (
          <div className="border-b border-line bg-surface p-3">
            {showPeople && <div className="mb-3">{people}</div>}
            {voicePanel}
          </div>
        )}
        <VideoStage participants={participants} myId={me.id} />
        <ChatPanel
          room={room}
          roomName={title}
          me={me}
          participants={participants}
          permissions={permissions}
        />
      </div>
      {roomy && withSide && (
        <aside className="flex w-64 shrink-0 flex-col gap-3 border-l border-line bg-surface/50 p-3">
          <div className="min-h-0 flex-1 overflow-y-auto">{people}</div>
          {voicePanel}
        </aside>
      )}
      <InviteDialog roomId={room.id} participants={participants} open={inviting} onClose={() => setInviting(false)} />
    </div>
  );
}
