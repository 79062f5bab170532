// The signed-in user and their token, kept across reloads (AUTH-6).

import { create } from 'zustand';
import type { User } from '@/lib/types';

const tokenKey = 'woxly.token';

interface SessionState {
  token: string | null;
  user: User | null;
  signIn: (token: string, user: User) => void;
  setUser: (user: User) => void;
  /** Forgets the session locally (after logout, or when the server refuses the token). */
  signOut: () => void;
}

export const useSession = create<SessionState>((set) => ({
  token: localStorage.getItem(tokenKey),
  user: null,
  signIn: (token, user) => {
    localStorage.setItem(tokenKey, token);
    set({ token, user });
  },
  setUser: (user) => set({ user }),
  signOut: () => {
    localStorage.removeItem(tokenKey);
    set({ token: null, user: null });
  },
}));
