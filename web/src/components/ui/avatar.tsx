import { MicOff } from 'lucide-react';
import { motion } from 'motion/react';
import { StatusDot } from './status-dot';
import type { Status, User } from '@/lib/types';

const sizes = { xs: 'h-6 w-6 text-[10px]', sm: 'h-8 w-8 text-xs', md: 'h-10 w-10 text-sm', lg: 'h-14 w-14 text-lg', xl: 'h-20 w-20 text-2xl' };

/** An uploaded avatar (`/api/avatars/…`, AUTH-7) has a 64-pixel size for lists; the large one is 256. */
const pictureFor = (url: string, size: keyof typeof sizes) =>
  url.startsWith('/api/avatars/') && size !== 'lg' && size !== 'xl' ? `${url}?size=small` : url;

// A stable gradient per user, so people are told apart at a glance even without a picture.
const gradients = [
  'from-pink-500 to-rose-600',
  'from-fuchsia-500 to-purple-600',
  'from-violet-500 to-indigo-600',
  'from-sky-500 to-blue-600',
  'from-emerald-500 to-teal-600',
  'from-amber-500 to-orange-600',
];

/** A user's picture or initials, with their status dot and speaking and muted marks when given. The
 * marks are pictures only: where they matter, the surrounding text says the same for a screen reader. */
export function Avatar({
  user,
  size = 'md',
  status,
  speaking = false,
  muted = false,
}: {
  user: Pick<User, 'id' | 'username' | 'avatarUrl'>;
  size?: keyof typeof sizes;
  /** Shows the status dot when given. */
  status?: Status;
  speaking?: boolean;
  muted?: boolean;
}) {
  const initials = [...user.username].slice(0, 2).join('').toUpperCase();
  return (
    <div className={`relative shrink-0 ${sizes[size]}`}>
      {speaking && (
        <motion.div
          data-testid="speaking-pulse"
          aria-hidden="true"
          className="absolute -inset-1 rounded-full bg-primary/30"
          animate={{ scale: [1, 1.2, 1], opacity: [0.5, 0.8, 0.5] }}
          transition={{ duration: 1, repeat: Infinity }}
        />
      )}
      {user.avatarUrl ? (
        <img
          src={pictureFor(user.avatarUrl, size)}
          alt=""
          className={`relative h-full w-full rounded-full object-cover ${speaking ? 'ring-2 ring-primary' : ''}`}
        />
      ) : (
        <div
          aria-hidden
          className={`relative flex h-full w-full items-center justify-center rounded-full bg-gradient-to-br font-semibold text-white ${gradients[user.id % gradients.length]} ${speaking ? 'ring-2 ring-primary' : ''}`}
        >
          {initials}
        </div>
      )}
      {status && (
        <span className="absolute -bottom-0.5 -right-0.5">
          <StatusDot status={status} ring />
        </span>
      )}
      {muted && (
        <span className="absolute -right-1 -top-1 rounded-full bg-red-500 p-1" data-testid="muted-badge" aria-hidden="true">
          <MicOff className="h-2.5 w-2.5 text-white" />
        </span>
      )}
    </div>
  );
}
