import { Menu, Search, Users } from 'lucide-react';
import { AnimatePresence, motion } from 'motion/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useMatch } from 'react-router';
import { IconButton } from '@/components/ui/button';
import { getMe } from '@/features/auth';
import { useSession } from '@/lib/session';
import { useFriendRequests } from '@/features/friends';
import { useFriendEvents } from '@/features/friends';
import { NotificationBell } from '@/features/notifications';
import { useNotificationEvents } from '@/features/notifications';
import { MeCard } from '@/features/presence';
import { usePresence } from '@/features/presence';
import { useRooms } from '@/features/rooms';
import { RoomList } from '@/features/rooms';
import { SearchDialog } from '@/features/search';
import { useRoomEvents } from '@/features/rooms';
import { CallScreens } from '@/features/calls';
import { useCallEvents } from '@/features/calls';
import { ReconnectingOverlay } from './reconnecting-overlay';
import { useWideScreen } from '@/lib/use-media-query';
import { useConnectionFeedback } from './use-connection-feedback';

/** The signed-in app: the sidebar (a drawer on a phone), the page, and everything kept live. */
export function Shell() {
  const user = useSession((state) => state.user);
  const setUser = useSession((state) => state.setUser);
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();
  const wide = useWideScreen();

  useFriendEvents();
  useRoomEvents();
  useNotificationEvents();
  useCallEvents();
  usePresence();
  useConnectionFeedback();

  // After a reload only the token is known: fetch who it belongs to (a refused token signs out).
  useEffect(() => {
    if (!user) void getMe().then(({ user: me }) => setUser(me), () => {});
  }, [user, setUser]);
  useEffect(() => setDrawer(false), [location.pathname]);

  if (!user) {
    return (
      <div className="flex h-full items-center justify-center">
        <img src="/logo.svg" alt="WOXLY" className="h-12 w-12 animate-pulse" />
      </div>
    );
  }

  return (
    <div className="flex h-full">
      {wide && (
        <aside className="flex w-72 shrink-0 border-r border-line bg-surface">
          <Sidebar wide />
        </aside>
      )}
      <AnimatePresence>
        {!wide && drawer && (
          <>
            <motion.div
              className="fixed inset-0 z-30 bg-black/60"
              initial={{ opacity: 0 }}
              animate={{ opacity: 1 }}
              exit={{ opacity: 0 }}
              onClick={() => setDrawer(false)}
            />
            <motion.aside
              className="fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] border-r border-line bg-surface"
              initial={{ x: '-100%' }}
              animate={{ x: 0 }}
              exit={{ x: '-100%' }}
              transition={{ type: 'spring', damping: 30, stiffness: 300 }}
            >
              <Sidebar wide={false} />
            </motion.aside>
          </>
        )}
      </AnimatePresence>
      <div className="flex min-w-0 flex-1 flex-col">
        {!wide && <MobileBar onMenu={() => setDrawer(true)} />}
        <main className="min-h-0 flex-1">
          <Outlet />
        </main>
      </div>
      <ReconnectingOverlay />
      <CallScreens />
    </div>
  );
}

function Brand() {
  return (
    <div className="flex items-center gap-2.5">
      <img src="/logo.svg" alt="" className="h-8 w-8" />
      <span className="text-lg font-bold tracking-wide text-white">WOXLY</span>
    </div>
  );
}

/** Brand and bell, friends, rooms, and me; on a phone the bell lives in the top bar instead. */
function Sidebar({ wide }: { wide: boolean }) {
  const { t } = useTranslation();
  const incoming = useFriendRequests().data?.incoming.length ?? 0;
  return (
    <div className="flex min-h-0 w-full flex-col">
      <div className="flex items-center justify-between px-4 py-4">
        <Brand />
        {wide && <NotificationBell />}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2">
        <NavLink
          to="/"
          end
          className={({ isActive }) =>
            `mb-4 flex items-center gap-3 rounded-xl px-3 py-2.5 text-sm font-medium transition-colors ${isActive ? 'bg-primary/15 text-white' : 'text-zinc-300 hover:bg-raised hover:text-white'}`
          }
        >
          <Users className="h-5 w-5" />
          {t('friends.title')}
          {incoming > 0 && (
            <span className="ml-auto rounded-full bg-primary-strong px-2 py-0.5 text-xs font-semibold text-white">{incoming}</span>
          )}
        </NavLink>
        <SearchButton />
        <RoomList />
      </div>
      <div className="border-t border-line p-2">
        <MeCard />
      </div>
    </div>
  );
}

/** SEARCH-1: opens message search (Ctrl+K too), offering to narrow it to the room on screen. */
function SearchButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const roomId = Number(useMatch('/rooms/:roomId')?.params.roomId);
  const room = useRooms().data?.find((r) => r.id === roomId);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="mb-4 flex w-full items-center gap-3 rounded-xl px-3 py-2.5 text-sm font-medium text-zinc-300 transition-colors hover:bg-raised hover:text-white"
      >
        <Search className="h-5 w-5" />
        {t('search.open')}
        {/* A keyboard's shortcut: not shown where there is only a touch screen. */}
        <kbd className="ml-auto text-[10px] text-muted pointer-coarse:hidden">Ctrl K</kbd>
      </button>
      {open && (
        <SearchDialog
          open
          onClose={() => setOpen(false)}
          room={room ? { id: room.id, name: room.peer?.username ?? room.name } : null}
        />
      )}
    </>
  );
}

function MobileBar({ onMenu }: { onMenu: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="flex items-center gap-2 border-b border-line bg-surface px-2 py-2">
      <IconButton label={t('common.menu')} onClick={onMenu}>
        <Menu className="h-5 w-5" />
      </IconButton>
      <Brand />
      <div className="ml-auto">
        <NotificationBell />
      </div>
    </div>
  );
}
