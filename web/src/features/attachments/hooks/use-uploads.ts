import { useCallback, useEffect, useRef, useState } from 'react';
import { problemText } from '@/lib/i18n';
import type { Attachment } from '@/lib/types';
import { cancelUpload } from '../api/cancel-upload';
import { refusalOf } from '../api/get-limits';
import { uploadFile } from '../api/upload-file';

/** A file on its way into the composer: uploading (with progress), uploaded, or refused. */
export interface Upload {
  key: string;
  file: File;
  progress: number;
  attachment?: Attachment;
  error?: string;
  controller: AbortController;
}

/**
 * FILE-1: the files attached to the message being written. Each uploads as soon as it is added (so
 * sending is quick), can be removed while uploading (cancelled) or after (deleted on the server),
 * and is sent by `take`.
 */
export function useUploads(roomId: number) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const uploadsRef = useRef(uploads);
  uploadsRef.current = uploads;

  const change = useCallback((key: string, patch: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  }, []);

  const add = useCallback(
    (files: File[]) => {
      const added = files.map((file) => ({ key: crypto.randomUUID(), file, progress: 0, controller: new AbortController() }));
      setUploads((list) => [...list, ...added]);
      for (const upload of added) {
        const progress = (fraction: number) => change(upload.key, { progress: fraction });
        refusalOf(upload.file)
          .then((refusal) => {
            if (refusal) throw refusal;
            return uploadFile(roomId, upload.file, progress, upload.controller.signal);
          })
          .then(
            (attachment) => change(upload.key, { attachment, progress: 1 }),
            (caught: unknown) => {
              if (!upload.controller.signal.aborted) change(upload.key, { error: problemText(caught) });
            },
          );
      }
    },
    [roomId, change],
  );

  const remove = useCallback((key: string) => {
    const upload = uploadsRef.current.find((u) => u.key === key);
    if (!upload) return;
    upload.controller.abort();
    if (upload.attachment) void cancelUpload(upload.attachment.id).catch(() => {});
    setUploads((list) => list.filter((u) => u.key !== key));
  }, []);

  /** The uploaded files' ids, for the message being sent; the composer is emptied of files. */
  const take = useCallback((): number[] => {
    const ids = uploadsRef.current.flatMap((u) => (u.attachment ? [u.attachment.id] : []));
    setUploads([]);
    return ids;
  }, []);

  // Leaving the room drops what was not sent.
  useEffect(
    () => () => {
      for (const upload of uploadsRef.current) {
        upload.controller.abort();
        if (upload.attachment) void cancelUpload(upload.attachment.id).catch(() => {});
      }
    },
    [roomId],
  );

  return {
    uploads,
    add,
    remove,
    take,
    /** Still uploading: the message waits. */
    busy: uploads.some((u) => !u.attachment && !u.error),
    /** Files ready to go. */
    ready: uploads.some((u) => u.attachment),
  };
}
