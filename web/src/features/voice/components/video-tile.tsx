import { Info, MicOff, PictureInPicture2 } from 'lucide-react';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import type { Participant } from '@/lib/types';
import { neededHeight } from '../video/needed-height';
import { statsLine, type VideoStats } from '../video/video-stats';
import { voice } from '../voice';

/** A `<video>` playing `stream` (silent: sound plays in the voice's own elements). */
export function StreamVideo({ stream, mirrored = false, fit = 'cover', label }: { stream: MediaStream; mirrored?: boolean; fit?: 'cover' | 'contain'; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    void video.play().catch(() => {});
    return () => {
      video.srcObject = null;
    };
  }, [stream]);
  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted
      aria-label={label}
      className={`h-full w-full bg-black ${fit === 'cover' ? 'object-cover' : 'object-contain'} ${mirrored ? '-scale-x-100' : ''}`}
    />
  );
}

/** VOICE-14: how tall someone's camera must come to fill its tile, told to the voice (through the
 * server, the layer it comes in follows); 0 once it is no longer shown. */
function useShownSize(video: MediaStream | undefined, userId: number, frame: RefObject<HTMLDivElement | null>) {
  useEffect(() => {
    const element = frame.current;
    if (!video || !element || typeof ResizeObserver === 'undefined') return;
    const picture = element.querySelector('video');
    const report = () => {
      const aspect = picture && picture.videoHeight > 0 ? picture.videoWidth / picture.videoHeight : undefined;
      const scale = window.devicePixelRatio;
      voice.showCamera(userId, neededHeight(element.clientWidth * scale, element.clientHeight * scale, aspect));
    };
    const observer = new ResizeObserver(report);
    observer.observe(element);
    // The picture's own shape is known from its first frame (and changes if the camera turns).
    picture?.addEventListener('resize', report);
    return () => {
      observer.disconnect();
      picture?.removeEventListener('resize', report);
      voice.showCamera(userId, 0);
    };
  }, [video, userId, frame]);
}

/** VIDEO-1: one person in the voice: their camera, or their avatar while it is off (or has not arrived:
 * never an empty frame), with their name, the speaking ring and the muted mark. A click focuses it; it
 * can float as picture-in-picture and show how its video is doing (VIDEO-3). */
export function VideoTile({
  person,
  name,
  stream,
  self = false,
  stats,
  focused = false,
  compact = false,
  onFocus,
}: {
  person: Participant;
  name: string;
  stream: MediaStream | undefined;
  self?: boolean;
  stats?: VideoStats;
  focused?: boolean;
  compact?: boolean;
  onFocus?: () => void;
}) {
  const { t } = useTranslation();
  const [details, setDetails] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const video = stream && (self || person.isCameraOn) ? stream : undefined;
  const canFloat = Boolean(video) && typeof document !== 'undefined' && document.pictureInPictureEnabled;
  useShownSize(self ? undefined : video, person.id, frame);

  return (
    <figure
      data-testid="video-tile"
      data-user={person.id}
      data-showing={video ? 'camera' : 'avatar'}
      aria-label={t('video.tile', { name })}
      className={`group relative overflow-hidden rounded-2xl border-2 bg-raised ${
        person.isSpeaking ? 'border-emerald-400' : 'border-transparent'
      } ${compact ? 'aspect-video w-40 shrink-0' : 'aspect-video w-full'} ${focused ? 'ring-2 ring-primary' : ''}`}
    >
      <div ref={frame} className="absolute inset-0">
        {video ? (
          <StreamVideo stream={video} mirrored={self} label={t('video.cameraOf', { name })} />
        ) : (
          <div className="flex h-full w-full items-center justify-center">
            <Avatar user={person} size={compact ? 'md' : 'xl'} />
          </div>
        )}
      </div>
      {/* Over the picture, empty: its name is the whole of what it says (the initials would repeat it). */}
      <button
        type="button"
        onClick={onFocus}
        aria-label={focused ? t('video.unfocus', { name }) : t('video.focus', { name })}
        aria-pressed={focused}
        className="absolute inset-0 h-full w-full rounded-2xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-primary"
      />
      <figcaption className="pointer-events-none absolute bottom-1.5 left-1.5 flex max-w-[85%] items-center gap-1 rounded-lg bg-black/60 px-2 py-0.5 text-xs text-white">
        {person.isMuted && <MicOff className="h-3 w-3 shrink-0 text-red-400" aria-label={t('rooms.micOff')} />}
        <span className="truncate">{self ? t('video.you', { name }) : name}</span>
      </figcaption>
      {details && stats && (
        <p data-testid="video-stats" className="pointer-events-none absolute left-1.5 top-1.5 rounded-lg bg-black/70 px-2 py-0.5 text-[11px] text-white">
          {t('video.stats', statsLine(stats))}
        </p>
      )}
      <div className="absolute right-1.5 top-1.5 z-10 flex gap-1 opacity-0 transition-opacity focus-within:opacity-100 group-hover:opacity-100">
        {stats && (
          <button
            type="button"
            aria-label={t('video.details', { name })}
            aria-pressed={details}
            onClick={() => setDetails((shown) => !shown)}
            className="rounded-lg bg-black/60 p-1 text-white hover:bg-black/80"
          >
            <Info className="h-3.5 w-3.5" />
          </button>
        )}
        {canFloat && (
          <button
            type="button"
            aria-label={t('video.float', { name })}
            onClick={() => void frame.current?.querySelector('video')?.requestPictureInPicture().catch(() => {})}
            className="rounded-lg bg-black/60 p-1 text-white hover:bg-black/80"
          >
            <PictureInPicture2 className="h-3.5 w-3.5" />
          </button>
        )}
      </div>
    </figure>
  );
}
