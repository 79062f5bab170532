import { Check, Inbox, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { Button, IconButton } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { formatAgo } from '@/lib/time';
import type { FriendRequest } from '@/lib/types';
import { useAnswerRequest } from '../api/answer-request';
import { useFriendRequests } from '../api/get-friend-requests';

export function FriendRequests() {
  const { t } = useTranslation();
  const { data } = useFriendRequests();
  if (!data) return null;
  if (data.incoming.length === 0 && data.outgoing.length === 0) {
    return <EmptyState icon={Inbox} title={t('friends.noRequests')} text={t('friends.noRequestsText')} />;
  }
  return (
    <div className="flex flex-col gap-6">
      <RequestSection title={t('friends.incoming')} requests={data.incoming} incoming />
      <RequestSection title={t('friends.outgoing')} requests={data.outgoing} incoming={false} />
    </div>
  );
}

function RequestSection({ title, requests, incoming }: { title: string; requests: FriendRequest[]; incoming: boolean }) {
  if (requests.length === 0) return null;
  return (
    <section aria-label={title}>
      <h2 className="mb-2 px-2 text-xs font-semibold uppercase tracking-wider text-muted">
        {title} — {requests.length}
      </h2>
      <ul className="flex flex-col gap-1">
        {requests.map((request) => (
          <RequestRow key={request.id} request={request} incoming={incoming} />
        ))}
      </ul>
    </section>
  );
}

function RequestRow({ request, incoming }: { request: FriendRequest; incoming: boolean }) {
  const { t } = useTranslation();
  const answering = useAnswerRequest();
  const other = incoming ? request.from : request.to;
  const answer = (accept: boolean) => answering.mutate({ request, accept });

  return (
    <li data-testid="request-row" className="flex items-center gap-3 rounded-xl px-2 py-2 hover:bg-surface">
      <Avatar user={other} />
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-white">
          {other.username} <span className="font-mono text-xs text-muted">{other.woxlyId}</span>
        </p>
        <p className="text-xs text-muted">
          {incoming ? t('friends.wantsToAdd') : t('friends.waiting')} · {formatAgo(request.createdAt)}
        </p>
      </div>
      {incoming && (
        <div className="flex gap-1.5">
          <Button onClick={() => answer(true)} disabled={answering.isPending} className="px-3 py-1.5">
            <Check className="h-4 w-4" />
            {t('friends.accept')}
          </Button>
          <IconButton label={t('friends.decline')} onClick={() => answer(false)} className="hover:text-red-400">
            <X className="h-4 w-4" />
          </IconButton>
        </div>
      )}
    </li>
  );
}
