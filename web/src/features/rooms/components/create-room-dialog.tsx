import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { joiningVoice } from '@/lib/voice-link';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { useFriends } from '@/features/friends';
import { errorText, problemText } from '@/lib/i18n';
import { useCreateRoom } from '../api/create-room';
import { FriendPicker, toggled } from './friend-picker';

const ROOM_NAME_MAX = 64;

/** ROOM-1: name, private or not, friends to invite; the owner enters the new room at once. */
export function CreateRoomDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const creating = useCreateRoom();
  const friends = useFriends().data ?? [];
  const [name, setName] = useState('');
  const [isPrivate, setPrivate] = useState(true);
  const [invited, setInvited] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || [...trimmed].length > ROOM_NAME_MAX) {
      setError(errorText('invalid_room_name'));
      return;
    }
    creating.mutate(
      { name: trimmed, isPrivate, invitedFriends: [...invited] },
      {
        onSuccess: (room) => {
          setName('');
          setInvited(new Set());
          onClose();
          onCreated?.();
          // The owner is in it at once (ROOM-1), its voice too, as when entering from the room list.
          void navigate(`/rooms/${room.id}`, joiningVoice);
        },
        onError: (caught) => setError(problemText(caught)),
      },
    );
  }

  return (
    <Dialog open={open} onClose={onClose} title={t('rooms.createTitle')}>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field
          label={t('rooms.name')}
          name="room-name"
          value={name}
          maxLength={ROOM_NAME_MAX}
          placeholder={t('rooms.namePlaceholder')}
          onChange={(event) => {
            setName(event.target.value);
            setError(null);
          }}
          error={error}
          autoFocus
        />
        <label className="flex cursor-pointer items-center justify-between gap-4 rounded-xl border border-line bg-bg px-3.5 py-3">
          <span>
            <span className="block text-sm text-white">{t('rooms.private')}</span>
            <span className="block text-xs text-muted">{t('rooms.privateHint')}</span>
          </span>
          <input
            type="checkbox"
            checked={isPrivate}
            onChange={(event) => setPrivate(event.target.checked)}
            className="h-5 w-5 accent-[#ec4899]"
          />
        </label>
        <div>
          <p className="mb-2 text-xs font-medium uppercase tracking-wide text-muted">{t('rooms.inviteFriends')}</p>
          <FriendPicker friends={friends} chosen={invited} onToggle={(id) => setInvited((set) => toggled(set, id))} />
        </div>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={creating.isPending}>
            {t('rooms.createButton')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
