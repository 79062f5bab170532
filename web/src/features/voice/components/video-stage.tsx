import { Info, Maximize, MonitorUp, X } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import type { Participant } from '@/lib/types';
import { useDisplayName } from '@/lib/use-display-name';
import { statsLine } from '../video/video-stats';
import { useVoice, voice } from '../voice';
import { StreamVideo, VideoTile } from './video-tile';

/** VIDEO-1…VIDEO-3 above the room's chat while in its voice: who is sharing (each with "Watch": a share
 * reaches only those who watch it), the share watched large with full screen and the others' tiles
 * along its edge, or else — once anyone's camera is on — a grid of everyone in the voice, one of them
 * focused large when clicked. Nothing while there is nothing to see. */
export function VideoStage({ participants, myId }: { participants: Participant[]; myId: number }) {
  const { t } = useTranslation();
  const displayName = useDisplayName();
  const inVoice = useVoice((s) => s.inVoice);
  const camera = useVoice((s) => s.camera);
  const share = useVoice((s) => s.share);
  const watching = useVoice((s) => s.watching);
  const remote = useVoice((s) => s.remoteVideo);
  const stats = useVoice((s) => s.videoStats);
  const [focus, setFocus] = useState<number | null>(null);
  const [shareDetails, setShareDetails] = useState(false);
  const stage = useRef<HTMLDivElement>(null);
  if (!inVoice) return null;

  const people = participants.filter((p) => p.isInRoom);
  const sharers = people.filter((p) => p.isSharing && p.id !== myId);
  const watched = watching === null ? undefined : participants.find((p) => p.id === watching);
  const anyCamera = camera !== null || people.some((p) => p.isCameraOn && p.id !== myId);
  if (!anyCamera && sharers.length === 0 && !watched && !share) return null;

  const tile = (p: Participant, compact: boolean) => (
    <VideoTile
      key={p.id}
      person={p}
      name={displayName(p)}
      self={p.id === myId}
      stream={p.id === myId ? (camera ?? undefined) : remote[p.id]?.camera}
      stats={stats[p.id]?.camera}
      compact={compact}
      focused={focus === p.id}
      onFocus={() => setFocus((current) => (current === p.id ? null : p.id))}
    />
  );
  const focused = focus === null ? undefined : people.find((p) => p.id === focus);
  const screen = watched ? remote[watched.id]?.screen : undefined;

  return (
    <section aria-label={t('video.stage')} className="flex max-h-[60%] min-h-0 shrink-0 flex-col gap-2 border-b border-line bg-surface p-3">
      {(sharers.length > 0 || share) && (
        <ul className="flex flex-wrap gap-2" aria-label={t('video.shares')}>
          {share && (
            <li className="flex items-center gap-2 rounded-xl bg-primary/15 px-3 py-1.5 text-sm text-white" data-testid="own-share">
              <MonitorUp className="h-4 w-4" aria-hidden="true" />
              {t('video.youShare')}
            </li>
          )}
          {sharers.map((p) => (
            <li key={p.id} className="flex items-center gap-2 rounded-xl bg-raised px-3 py-1.5 text-sm text-white" data-testid="share-notice" data-user={p.id}>
              <MonitorUp className="h-4 w-4 text-primary" aria-hidden="true" />
              {t('video.isSharing', { name: displayName(p) })}
              {watching !== p.id && (
                <Button className="px-2 py-0.5 text-xs" onClick={() => void voice.watch(p.id)}>
                  {t('video.watch', { name: displayName(p) })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {watched ? (
        <div className="flex min-h-0 flex-1 flex-col gap-2">
          <div ref={stage} className="relative min-h-0 flex-1 overflow-hidden rounded-2xl bg-black" data-testid="share-stage" data-user={watched.id}>
            {screen && watched.isSharing ? (
              <StreamVideo stream={screen} fit="contain" label={t('video.screenOf', { name: displayName(watched) })} />
            ) : (
              <p className="flex h-full min-h-32 items-center justify-center text-sm text-muted">
                {watched.isSharing ? t('video.waitingFor', { name: displayName(watched) }) : t('video.stopped', { name: displayName(watched) })}
              </p>
            )}
            {shareDetails && stats[watched.id]?.screen && (
              <p data-testid="share-stats" className="absolute left-2 top-2 rounded-lg bg-black/70 px-2 py-0.5 text-xs text-white">
                {t('video.stats', statsLine(stats[watched.id]!.screen!))}
              </p>
            )}
            <div className="absolute right-2 top-2 flex gap-1">
              <Button
                variant="secondary"
                className="px-2 py-1"
                aria-label={t('video.details', { name: displayName(watched) })}
                title={t('video.details', { name: displayName(watched) })}
                aria-pressed={shareDetails}
                onClick={() => setShareDetails((shown) => !shown)}
              >
                <Info className="h-4 w-4" />
              </Button>
              <Button variant="secondary" className="px-2 py-1" aria-label={t('video.fullScreen')} title={t('video.fullScreen')} onClick={() => void stage.current?.requestFullscreen().catch(() => {})}>
                <Maximize className="h-4 w-4" />
              </Button>
              <Button variant="secondary" className="px-2 py-1" aria-label={t('video.stopWatching')} title={t('video.stopWatching')} onClick={() => void voice.watch(null)}>
                <X className="h-4 w-4" />
              </Button>
            </div>
          </div>
          <div className="flex gap-2 overflow-x-auto">{people.map((p) => tile(p, true))}</div>
        </div>
      ) : focused ? (
        <div className="flex min-h-0 flex-1 flex-col gap-2">
          <div className="mx-auto w-full max-w-3xl">{tile(focused, false)}</div>
          <div className="flex gap-2 overflow-x-auto">{people.filter((p) => p.id !== focused.id).map((p) => tile(p, true))}</div>
        </div>
      ) : (
        anyCamera && <div className="grid min-h-0 grid-cols-[repeat(auto-fill,minmax(12rem,1fr))] gap-2 overflow-y-auto">{people.map((p) => tile(p, false))}</div>
      )}
    </section>
  );
}
