import { Loader2, WifiOff } from 'lucide-react';
import { AnimatePresence, motion } from 'motion/react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { useConnectionState } from '@/lib/use-connection-state';

/** SYNC-2: while the connection is down, say so over the app; when reconnecting gives up, offer a reload. */
export function ReconnectingOverlay() {
  const { t } = useTranslation();
  const state = useConnectionState();
  const shown = state === 'reconnecting' || state === 'failed';
  return (
    <AnimatePresence>
      {shown && (
        <motion.div
          initial={{ opacity: 0 }}
          animate={{ opacity: 1 }}
          exit={{ opacity: 0 }}
          role="alertdialog"
          aria-live="assertive"
          data-testid="reconnecting-overlay"
          className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 backdrop-blur-sm"
        >
          <div className="flex max-w-xs flex-col items-center rounded-2xl border border-line bg-surface px-8 py-7 text-center shadow-2xl">
            {state === 'failed' ? (
              <>
                <WifiOff className="mb-3 h-8 w-8 text-red-400" />
                <p className="font-semibold text-white">{t('connection.failedTitle')}</p>
                <p className="mt-1 text-sm text-muted">{t('connection.failed')}</p>
                <Button className="mt-5" onClick={() => window.location.reload()}>
                  {t('connection.reload')}
                </Button>
              </>
            ) : (
              <>
                <Loader2 className="mb-3 h-8 w-8 animate-spin text-primary" />
                <p className="font-semibold text-white">{t('connection.reconnecting')}</p>
                <p className="mt-1 text-sm text-muted">{t('connection.reconnectingText')}</p>
              </>
            )}
          </div>
        </motion.div>
      )}
    </AnimatePresence>
  );
}
