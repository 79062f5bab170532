import { Download, FileArchive, FileAudio, FileIcon, FileText, FileVideo, ImageOff } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSize } from '@/lib/size';
import type { Attachment } from '@/lib/types';
import { useAttachmentLinks } from '../api/get-links';
import { thumbnailBox } from '../files';
import { ImageViewer } from './image-viewer';

/** FILE-3: a message's files: images as thumbnails (opening full size), audio and video as players,
 * anything else as a card that downloads. */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  if (attachments.length === 0) return null;
  return (
    <div data-testid="attachments" className="mt-1 flex flex-wrap gap-2">
      {attachments.map((attachment) => {
        if (attachment.kind === 'image') return <ImageThumbnail key={attachment.id} attachment={attachment} />;
        if (attachment.kind === 'audio' || attachment.kind === 'video') {
          return <Player key={attachment.id} attachment={attachment} />;
        }
        return <FileCard key={attachment.id} attachment={attachment} />;
      })}
    </div>
  );
}

function ImageThumbnail({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const links = useAttachmentLinks(attachment.id);
  const [open, setOpen] = useState(false);
  const box = thumbnailBox(attachment);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={t('files.open', { name: attachment.name })}
        // The box has the picture's shape before it loads: nothing below moves when it does.
        style={{ width: box.width, height: box.height }}
        className="overflow-hidden rounded-lg border border-line bg-raised"
      >
        {links.failed ? (
          <ImageOff className="m-auto h-6 w-6 text-muted" />
        ) : (
          links.thumbnailUrl && (
            <img
              data-testid="thumbnail"
              src={links.thumbnailUrl}
              alt={attachment.name}
              width={box.width}
              height={box.height}
              className="h-full w-full object-cover"
            />
          )
        )}
      </button>
      {open && links.url && <ImageViewer attachment={attachment} url={links.url} onClose={() => setOpen(false)} />}
    </>
  );
}

function Player({ attachment }: { attachment: Attachment }) {
  const links = useAttachmentLinks(attachment.id);
  if (!links.url) return <FileCard attachment={attachment} />;
  return attachment.kind === 'audio' ? (
    <audio data-testid="audio-player" controls preload="metadata" src={links.url} aria-label={attachment.name} className="max-w-full" />
  ) : (
    <video
      data-testid="video-player"
      controls
      preload="metadata"
      src={links.url}
      aria-label={attachment.name}
      className="max-h-80 max-w-full rounded-lg border border-line"
    />
  );
}

function FileCard({ attachment }: { attachment: Attachment }) {
  const { t, i18n } = useTranslation();
  const links = useAttachmentLinks(attachment.id);
  const Icon = iconOf(attachment);
  return (
    <a
      data-testid="file-card"
      href={links.url}
      download={attachment.name}
      aria-label={t('files.download', { name: attachment.name })}
      className="flex w-64 items-center gap-3 rounded-xl border border-line bg-surface p-3 hover:bg-raised"
    >
      <Icon className="h-8 w-8 shrink-0 text-primary" />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm text-white">{attachment.name}</span>
        <span className="text-xs text-muted">{formatSize(attachment.size, i18n.language)}</span>
      </span>
      <Download className="h-4 w-4 shrink-0 text-muted" />
    </a>
  );
}

function iconOf(attachment: Attachment) {
  if (attachment.kind === 'audio') return FileAudio;
  if (attachment.kind === 'video') return FileVideo;
  if (/zip|rar|7z|tar|gzip/.test(attachment.contentType)) return FileArchive;
  if (/pdf|text|html|word|document/.test(attachment.contentType)) return FileText;
  return FileIcon;
}
