import { Phone, PhoneOff } from 'lucide-react';
import { AnimatePresence, motion } from 'motion/react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { voice } from '@/features/voice';
import { useAnswerCall } from '../api/answer-call';
import { useCancelCall } from '../api/cancel-call';
import { setOutgoing, useCalls, type OutgoingCall } from '../call-store';

/** CALL-1…3: the caller's "calling…" card and the callee's incoming-call modal. */
export function CallScreens() {
  const outgoing = useCalls((state) => state.outgoing);
  const incoming = useCalls((state) => state.incoming[0]);
  return (
    <AnimatePresence>
      {outgoing && <Calling key={`out-${outgoing.roomId}`} call={outgoing} />}
      {incoming && <Ringing key={`in-${incoming.room.id}`} />}
    </AnimatePresence>
  );
}

function Card({ children, testId, label }: { children: React.ReactNode; testId: string; label: string }) {
  return (
    <motion.div
      role="dialog"
      aria-label={label}
      data-testid={testId}
      initial={{ opacity: 0, y: -16, scale: 0.97 }}
      animate={{ opacity: 1, y: 0, scale: 1 }}
      exit={{ opacity: 0, y: -16, scale: 0.97 }}
      className="fixed inset-x-0 top-4 z-50 mx-auto w-[min(22rem,calc(100vw-2rem))] rounded-2xl border border-line bg-surface/95 p-5 text-center shadow-2xl shadow-black/60 backdrop-blur"
    >
      {children}
    </motion.div>
  );
}

function Calling({ call }: { call: OutgoingCall }) {
  const { t } = useTranslation();
  const cancelling = useCancelCall();
  const { friend, phase } = call;
  const ringing = phase === 'ringing';
  const outcome = {
    ringing: t('calls.calling'),
    declined: t('calls.declined', { name: friend.username }),
    missed: t('calls.missed', { name: friend.username }),
    offline: t('calls.offline', { name: friend.username }),
  }[phase];

  function hangUp() {
    setOutgoing(null);
    if (ringing) cancelling.mutate(call);
    // Out of the call's voice; the conversation stays on screen.
    voice.leaveVoice();
  }

  return (
    <Card testId="outgoing-call" label={t('calls.calling')}>
      <div className="relative mx-auto w-fit">
        {ringing && <span className="absolute inset-0 animate-ping rounded-full bg-primary/30" />}
        <Avatar user={friend} size="lg" />
      </div>
      <p className="mt-3 font-semibold text-white">{friend.username}</p>
      <p className="mt-1 text-sm text-muted" data-testid="call-outcome" data-phase={phase}>
        {outcome}
      </p>
      <Button variant={ringing ? 'danger' : 'secondary'} className="mt-4 w-full" onClick={hangUp}>
        {ringing ? <PhoneOff className="h-4 w-4" /> : null}
        {ringing ? t('calls.cancel') : t('calls.close')}
      </Button>
    </Card>
  );
}

function Ringing() {
  const { t } = useTranslation();
  const answering = useAnswerCall();
  const call = useCalls((state) => state.incoming[0]);
  if (!call) return null;
  const { from } = call;
  const answer = (accept: boolean) => answering.mutate({ call, accept });

  return (
    <Card testId="ringing-call" label={t('calls.incoming')}>
      <div className="relative mx-auto w-fit">
        <span className="absolute inset-0 animate-ping rounded-full bg-emerald-400/30" />
        <Avatar user={from} size="lg" />
      </div>
      <p className="mt-3 text-xs font-semibold uppercase tracking-wider text-muted">{t('calls.incoming')}</p>
      <p className="mt-1 font-semibold text-white">{t('calls.incomingFrom', { name: from.username })}</p>
      <div className="mt-4 grid grid-cols-2 gap-2">
        <Button variant="danger" onClick={() => answer(false)}>
          <PhoneOff className="h-4 w-4" />
          {t('calls.decline')}
        </Button>
        <Button className="bg-emerald-500 shadow-emerald-500/20 hover:bg-emerald-600" onClick={() => answer(true)}>
          <Phone className="h-4 w-4" />
          {t('calls.accept')}
        </Button>
      </div>
    </Card>
  );
}
