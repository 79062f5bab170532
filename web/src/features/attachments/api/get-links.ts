import { useQuery } from '@tanstack/react-query';
import { api, serverUrl } from '@/lib/api-client';
import type { Attachment } from '@/lib/types';

interface Links {
  attachment: Attachment;
  url: string;
  thumbnailUrl?: string;
  expiresAt: string;
}

// A link is asked for again this long before it expires, so one in use never stops working.
const RENEW_BEFORE_MS = 60_000;

/** Milliseconds until links should be asked for again. */
const renewIn = (links: Links) => Date.parse(links.expiresAt) - Date.now() - RENEW_BEFORE_MS;

/** FILE-3: links to a file, signed for me by the server (an <img> cannot send my token); kept until
 * shortly before they expire. */
export function useAttachmentLinks(attachmentId: number) {
  const query = useQuery({
    queryKey: ['attachments', attachmentId, 'links'],
    queryFn: () => api<Links>('GET', `/attachments/${attachmentId}`),
    staleTime: (q) => (q.state.data ? renewIn(q.state.data) : 0),
    refetchInterval: (q) => (q.state.data ? Math.max(renewIn(q.state.data), 5_000) : false),
  });
  const data = query.data;
  return {
    url: data ? serverUrl(data.url) : undefined,
    thumbnailUrl: data?.thumbnailUrl ? serverUrl(data.thumbnailUrl) : undefined,
    failed: query.isError,
  };
}
