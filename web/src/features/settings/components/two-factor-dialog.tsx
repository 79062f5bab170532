import { ShieldCheck } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { useDisableTwoFactor } from '../api/disable-two-factor';
import { useEnableTwoFactor } from '../api/enable-two-factor';
import { useTwoFactorSetup } from '../api/set-up-two-factor';
import { problemText } from '@/lib/i18n';

/** AUTH-8: turning two-factor sign-in on (scan the QR code, confirm with a code, keep the recovery
 * codes shown this once) or off (with a code). */
export function TwoFactorDialog({ enabled, onClose }: { enabled: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const setup = useTwoFactorSetup();
  const enable = useEnableTwoFactor();
  const disable = useDisableTwoFactor();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const { mutate: startSetup } = setup;

  useEffect(() => {
    if (!enabled) startSetup();
  }, [enabled, startSetup]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const onError = (caught: unknown) => setError(problemText(caught));
    if (enabled) {
      disable.mutate(code, {
        onSuccess: () => {
          toast.success(t('twoFactor.turnedOff'));
          onClose();
        },
        onError,
      });
    } else {
      enable.mutate(code, { onSuccess: ({ recoveryCodes }) => setRecoveryCodes(recoveryCodes), onError });
    }
  }

  if (recoveryCodes) {
    return (
      <Dialog open onClose={onClose} title={t('twoFactor.recoveryTitle')}>
        <p className="text-sm text-muted">{t('twoFactor.recoveryText')}</p>
        <ul className="mt-4 grid grid-cols-2 gap-2 font-mono text-sm text-white" aria-label={t('twoFactor.recoveryTitle')}>
          {recoveryCodes.map((recovery) => (
            <li key={recovery} data-testid="recovery-code" className="rounded-lg bg-bg px-3 py-2 text-center">
              {recovery}
            </li>
          ))}
        </ul>
        <div className="mt-5 flex justify-end">
          <Button onClick={onClose}>{t('twoFactor.saved')}</Button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open onClose={onClose} title={t(enabled ? 'twoFactor.offTitle' : 'twoFactor.onTitle')}>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        {!enabled && (
          <>
            <p className="text-sm text-muted">{t('twoFactor.scan')}</p>
            {setup.data && (
              <div className="flex flex-col items-center gap-2">
                <img src={setup.data.qrCode} alt={t('twoFactor.qrAlt')} className="h-44 w-44 rounded-xl bg-white p-2" />
                <p className="text-xs text-muted">{t('twoFactor.orType')}</p>
                <code data-testid="two-factor-secret" className="break-all rounded-lg bg-bg px-3 py-1.5 text-sm text-white">
                  {setup.data.secret}
                </code>
              </div>
            )}
            {setup.isError && <p role="alert" className="text-sm text-red-400">{problemText(setup.error)}</p>}
          </>
        )}
        <Field
          label={t(enabled ? 'twoFactor.codeOrRecovery' : 'twoFactor.code')}
          inputMode={enabled ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          autoFocus
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={error}
        />
        <div className="flex justify-end">
          <Button type="submit" variant={enabled ? 'danger' : 'primary'} disabled={!code.trim()}>
            <ShieldCheck className="h-4 w-4" />
            {t(enabled ? 'twoFactor.turnOff' : 'twoFactor.turnOn')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
