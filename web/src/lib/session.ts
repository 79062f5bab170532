// The signed-in user and their token, kept across reloads (AUTH-6).

import { create } from 'zustand';
import type { User } from '@/lib/types';

const tokenKey = 'woxly.token';

interface SessionState {
  token: string | null;
  user: User | null;
  signIn: (token: string, user: User) => void;
  setUser: (user: User) => void;
  /** Forgets the session locally: after logging out (`deliberately`), or when the server refuses the
   * token. */
  signOut: (deliberately?: boolean) => void;
  /** The last session ended by logging out in this tab: the next sign-in, maybe someone else's,
   * starts at home rather than where the last user was. */
  loggedOut: boolean;
}

export const useSession = create<SessionState>((set) => ({
  token: localStorage.getItem(tokenKey),
  user: null,
  loggedOut: false,
  signIn: (token, user) => {
    localStorage.setItem(tokenKey, token);
    set({ token, user, loggedOut: false });
  },
  setUser: (user) => set({ user }),
  signOut: (deliberately = false) => {
    localStorage.removeItem(tokenKey);
    set({ token: null, user: null, loggedOut: deliberately });
  },
}));
