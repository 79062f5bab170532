import { Download } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { formatSize } from '@/lib/size';
import { Dialog } from '@/components/ui/dialog';
import type { Attachment } from '@/lib/types';

/** FILE-3: an image at full size, over the page; Escape or a click outside closes it. */
export function ImageViewer({ attachment, url, onClose }: { attachment: Attachment; url: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Dialog open onClose={onClose} title={attachment.name} wide>
      <img
        data-testid="full-image"
        src={url}
        alt={attachment.name}
        width={attachment.width}
        height={attachment.height}
        className="mx-auto h-auto max-h-[75vh] w-auto max-w-full rounded-lg object-contain"
      />
      <div className="mt-3 flex items-center justify-between text-xs text-muted">
        <span>
          {attachment.width} × {attachment.height} · {formatSize(attachment.size, i18n.language)}
        </span>
        <a href={url} download={attachment.name} className="flex items-center gap-1 hover:text-white">
          <Download className="h-3.5 w-3.5" />
          {t('files.save')}
        </a>
      </div>
    </Dialog>
  );
}
