import { ChevronUp, LogOut, Settings } from 'lucide-react';
import { AnimatePresence, motion } from 'motion/react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDismiss } from '@/lib/use-dismiss';
import { Avatar } from '@/components/ui/avatar';
import { StatusDot } from '@/components/ui/status-dot';
import { useSession } from '@/lib/session';
import { useLogout } from '@/features/auth';
import { chooseStatus, type ChoosableStatus } from '../hooks/use-presence';

const choosable: ChoosableStatus[] = ['online', 'away', 'busy'];

/** Me, at the foot of the sidebar: status picker (STATUS-2), the settings and logout. */
export function MeCard() {
  const { t } = useTranslation();
  const user = useSession((state) => state.user);
  const logout = useLogout();
  const [menu, setMenu] = useState(false);
  const navigate = useNavigate();
  const box = useRef<HTMLDivElement>(null);

  useDismiss(box, menu, () => setMenu(false));

  if (!user) return null;
  return (
    <div className="relative" ref={box}>
      <AnimatePresence>
        {menu && (
          <motion.div
            initial={{ opacity: 0, y: 6 }}
            animate={{ opacity: 1, y: 0 }}
            exit={{ opacity: 0, y: 6 }}
            transition={{ duration: 0.12 }}
            role="menu"
            id="me-menu"
            aria-label={t('profile.menu', { name: user.username })}
            className="absolute bottom-full left-0 right-0 mb-2 rounded-2xl border border-line bg-surface p-1.5 shadow-2xl shadow-black/60"
          >
            {choosable.map((status) => (
              <button
                key={status}
                type="button"
                role="menuitemradio"
                aria-checked={user.status === status}
                onClick={() => {
                  setMenu(false);
                  void chooseStatus(status);
                }}
                className="flex w-full items-center gap-3 rounded-xl px-3 py-2 text-sm text-zinc-200 hover:bg-raised"
              >
                <StatusDot status={status} />
                {t(`status.${status}`)}
                {user.status === status && <span className="ml-auto h-1.5 w-1.5 rounded-full bg-primary" />}
              </button>
            ))}
            <div className="my-1 h-px bg-line" />
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setMenu(false);
                void navigate('/settings');
              }}
              className="flex w-full items-center gap-3 rounded-xl px-3 py-2 text-sm text-zinc-200 hover:bg-raised"
            >
              <Settings className="h-4 w-4 text-muted" />
              {t('settings.title')}
            </button>
            <button
              type="button"
              role="menuitem"
              onClick={() => logout.mutate()}
              className="flex w-full items-center gap-3 rounded-xl px-3 py-2 text-sm text-red-400 hover:bg-red-500/10"
            >
              <LogOut className="h-4 w-4" />
              {t('profile.logout')}
            </button>
          </motion.div>
        )}
      </AnimatePresence>
      <button
        type="button"
        onClick={() => setMenu((value) => !value)}
        aria-haspopup="menu"
        aria-expanded={menu}
        aria-controls={menu ? 'me-menu' : undefined}
        data-testid="me-card"
        className="flex w-full items-center gap-3 rounded-2xl p-2 text-left transition-colors hover:bg-raised"
      >
        <Avatar user={user} status={user.status} />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-semibold text-white">{user.username}</span>
          <span className="block truncate text-xs text-muted" data-testid="my-status">
            {t(`status.${user.status}`)}
          </span>
          <span className="sr-only">, {t('profile.menuHint')}</span>
        </span>
        <ChevronUp className={`h-4 w-4 text-muted transition-transform ${menu ? '' : 'rotate-180'}`} />
      </button>
    </div>
  );
}
