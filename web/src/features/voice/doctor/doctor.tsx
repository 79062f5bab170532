import { CircleAlert, CircleCheck, CircleX, LoaderCircle } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { getIceServers } from '../api/get-ice-servers';
import { useVoiceSettings } from '../settings';
import { checkLoopback, checkMicrophone, checkStun, checkTurn } from './checks';
import { diagnose, overall, type DoctorResults, type Finding, type Verdict } from './diagnose';

const CHECKS = ['microphone', 'stun', 'turn', 'loopback'] as const;

/** VOICE-12: runs every check once on opening, and again on request, and says in plain words what is
 * wrong and what to do; what was checked and measured is folded under each finding. */
export function Doctor({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState(false);

  const run = useCallback(async () => {
    setRunning(true);
    setFindings(null);
    setFailure(false);
    try {
      const microphone = await checkMicrophone(useVoiceSettings.getState().microphoneId);
      const servers = await getIceServers();
      // One after another: on two cores and a slow link, parallel gathers would measure each other.
      const stun = await checkStun(servers);
      const turnUdp = await checkTurn(servers, 'udp');
      const turnTcp = await checkTurn(servers, 'tcp');
      const loopback = turnUdp || turnTcp ? await checkLoopback(servers) : null;
      const results: DoctorResults = { microphone, stun, turnUdp, turnTcp, loopback };
      setFindings(diagnose(results));
    } catch (error) {
      console.warn('voice: the doctor could not run', error);
      setFailure(true);
    } finally {
      setRunning(false);
    }
  }, []);

  useEffect(() => {
    void run();
  }, [run]);

  const verdict = findings ? overall(findings) : null;
  return (
    <div className="flex flex-col gap-5">
      <p className="text-sm text-muted">{t('doctor.intro')}</p>
      <p role="status" data-testid="doctor-summary" data-verdict={verdict ?? (running ? 'running' : 'error')} className="text-sm text-zinc-200">
        {running ? t('doctor.running') : failure ? t('doctor.error') : verdict ? t(`doctor.summary.${verdict}`) : ''}
      </p>
      <ul className="flex flex-col gap-2">
        {CHECKS.map((check) => {
          const finding = findings?.find((f) => f.check === check);
          return (
            <li
              key={check}
              data-testid="doctor-check"
              data-check={check}
              data-verdict={finding?.verdict ?? 'pending'}
              className="flex items-start gap-3 rounded-xl border border-line bg-raised/60 p-3"
            >
              <VerdictIcon verdict={finding?.verdict} running={running} />
              <div className="min-w-0">
                <p className="text-sm font-medium text-white">{t(`doctor.check.${check}`)}</p>
                {finding && <p className="text-sm text-zinc-300">{t(`doctor.${finding.message}`)}</p>}
                {finding && (
                  <details className="mt-1 text-xs text-muted">
                    <summary className="cursor-pointer select-none">{t('doctor.details')}</summary>
                    <p className="mt-1">{t(`doctor.technical.${check}`)}</p>
                    {finding.params && <p data-testid="doctor-measured">{t(`doctor.measured.${check}`, finding.params)}</p>}
                  </details>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <div className="flex gap-3">
        <Button onClick={() => void run()} disabled={running}>
          {t('doctor.again')}
        </Button>
        <Button variant="secondary" onClick={onBack}>
          {t('doctor.back')}
        </Button>
      </div>
    </div>
  );
}

function VerdictIcon({ verdict, running }: { verdict: Verdict | undefined; running: boolean }) {
  if (!verdict) return running ? <LoaderCircle className="mt-0.5 h-5 w-5 shrink-0 animate-spin text-muted" /> : <span className="h-5 w-5 shrink-0" />;
  if (verdict === 'ok') return <CircleCheck className="mt-0.5 h-5 w-5 shrink-0 text-emerald-400" />;
  if (verdict === 'warn') return <CircleAlert className="mt-0.5 h-5 w-5 shrink-0 text-amber-400" />;
  return <CircleX className="mt-0.5 h-5 w-5 shrink-0 text-red-400" />;
}
