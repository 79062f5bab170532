import type { User } from '@/lib/types';

/** What register and login answer: who I am and the token of this session (AUTH-5, AUTH-6). */
export interface Session {
  user: User;
  token: string;
}
