import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Toaster } from 'sonner';
import { LoginPage } from '@/features/auth';
import { RegisterPage } from '@/features/auth';
import { useSession } from '@/lib/session';
import { FriendsPage } from '@/features/friends';
import { RoomPage } from './room/room-page';
import { DoctorPage } from '@/features/voice';
import { configureApi } from '@/lib/api-client';
import { socket } from '@/lib/socket';
import { SettingsPage } from './settings/settings-page';
import { Shell } from './shell';

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } },
});

// A token the server refuses (expired, revoked by a logout elsewhere) returns to the login page (AUTH-6).
function endSession() {
  useSession.getState().signOut();
  queryClient.clear();
}
configureApi({ token: () => useSession.getState().token, unauthorized: endSession });
socket.onUnauthorized = endSession;

export function App() {
  const { t } = useTranslation();
  const token = useSession((state) => state.token);

  // One socket per signed-in tab, opened with the session's token and closed at logout.
  useEffect(() => {
    if (!token) return;
    socket.connect(token);
    return () => socket.disconnect();
  }, [token]);

  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        {token ? (
          <Routes>
            <Route element={<Shell />}>
              <Route index element={<FriendsPage />} />
              <Route path="rooms/:roomId" element={<RoomPage />} />
              <Route path="voice/doctor" element={<DoctorPage />} />
              <Route path="settings/:section?" element={<SettingsPage />} />
            </Route>
            <Route path="*" element={<AfterSignIn />} />
          </Routes>
        ) : (
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="*" element={<ToLogin />} />
          </Routes>
        )}
      </BrowserRouter>
      <Toaster
        theme="dark"
        position="top-right"
        // Below the page's header (its call, bell and menu buttons) and, on a phone, below the top bar too.
        offset={{ top: 76, right: 16 }}
        mobileOffset={{ top: 128, left: 8, right: 8 }}
        closeButton
        containerAriaLabel={t('toasts.region')}
        toastOptions={{
          closeButtonAriaLabel: t('toasts.close'),
          classNames: {
            toast: '!bg-surface !border-line !text-zinc-100 !rounded-2xl !shadow-2xl !shadow-black/60',
            actionButton: '!bg-primary-strong !text-white !rounded-lg !font-medium',
            success: '[&_[data-icon]]:!text-green-400',
            error: '[&_[data-icon]]:!text-red-400',
          },
        }}
      />
    </QueryClientProvider>
  );
}

// A link opened while signed out (a room's URL), or the page a refused token interrupted, is where the
// user lands after signing in; not the page someone logged out from.
const returnKey = 'woxly.returnTo';

function ToLogin() {
  const location = useLocation();
  const loggedOut = useSession((state) => state.loggedOut);
  if (loggedOut) sessionStorage.removeItem(returnKey);
  else if (location.pathname !== '/') sessionStorage.setItem(returnKey, location.pathname + location.search);
  return <Navigate to="/login" replace />;
}

function AfterSignIn() {
  const [to] = useState(() => sessionStorage.getItem(returnKey) ?? '/');
  useEffect(() => sessionStorage.removeItem(returnKey), []);
  return <Navigate to={to} replace />;
}
