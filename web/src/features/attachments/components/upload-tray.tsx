import { AlertCircle, FileIcon, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSize } from '@/lib/size';
import type { Upload } from '../hooks/use-uploads';

/** FILE-1: the files attached to the message being written, each with its progress and a way to remove
 * (or cancel) it. */
export function UploadTray({ uploads, onRemove }: { uploads: Upload[]; onRemove: (key: string) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul data-testid="upload-tray" className="mb-2 flex flex-wrap gap-2">
      {uploads.map((upload) => (
        <UploadChip key={upload.key} upload={upload} onRemove={() => onRemove(upload.key)} />
      ))}
    </ul>
  );
}

function UploadChip({ upload, onRemove }: { upload: Upload; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const preview = usePreview(upload.file);
  const name = upload.file.name || t('files.pasted');
  const uploading = !upload.attachment && !upload.error;
  return (
    <li
      data-testid="upload"
      data-state={upload.error ? 'failed' : uploading ? 'uploading' : 'ready'}
      className="relative flex w-56 items-center gap-2 overflow-hidden rounded-xl border border-line bg-surface p-2"
    >
      {preview ? (
        <img src={preview} alt="" className="h-10 w-10 shrink-0 rounded-md object-cover" />
      ) : (
        <FileIcon className="h-10 w-10 shrink-0 p-2 text-muted" />
      )}
      <div className="min-w-0 flex-1">
        <p className="truncate text-xs text-white">{name}</p>
        {upload.error ? (
          <p role="alert" className="flex items-center gap-1 truncate text-[11px] text-red-400">
            <AlertCircle className="h-3 w-3 shrink-0" />
            {upload.error}
          </p>
        ) : (
          <p className="text-[11px] text-muted">{formatSize(upload.file.size, i18n.language)}</p>
        )}
        {uploading && (
          <div
            role="progressbar"
            aria-label={t('files.uploading', { name })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(upload.progress * 100)}
            className="mt-1 h-1 overflow-hidden rounded bg-raised"
          >
            <div className="h-full bg-primary transition-[width]" style={{ width: `${upload.progress * 100}%` }} />
          </div>
        )}
      </div>
      <button
        type="button"
        onClick={onRemove}
        aria-label={uploading ? t('files.cancel', { name }) : t('files.remove', { name })}
        className="shrink-0 rounded-md p-1 text-muted hover:bg-raised hover:text-white"
      >
        <X className="h-4 w-4" />
      </button>
    </li>
  );
}

/** A local preview of an image being attached. */
function usePreview(file: File): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/')) return;
    const made = URL.createObjectURL(file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file]);
  return url;
}
