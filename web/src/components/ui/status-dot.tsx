import { useTranslation } from 'react-i18next';
import type { Status } from '@/lib/types';

// STATUS-1: the seed's colours, and a ping on online.
export const statusColor: Record<Status, string> = {
  online: 'bg-green-500',
  away: 'bg-yellow-500',
  busy: 'bg-red-500',
  offline: 'bg-gray-500',
};

export function StatusDot({ status, ring = false }: { status: Status; ring?: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      className="relative flex h-3 w-3"
      role="img"
      aria-label={t(`status.${status}`)}
      title={t(`status.${status}`)}
      data-status={status}
    >
      {status === 'online' && (
        <span className="absolute inset-0 animate-ping rounded-full bg-green-500 opacity-75" />
      )}
      <span className={`relative h-3 w-3 rounded-full ${statusColor[status]} ${ring ? 'border-2 border-bg' : ''}`} />
    </span>
  );
}
