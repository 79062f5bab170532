/** The settings' query keys: my sessions (AUTH-9), whether two-factor sign-in is on (AUTH-8), and who
 * may reach me (FRIEND-7). */
export const settingsKeys = {
  sessions: ['sessions'] as const,
  twoFactor: ['two-factor'] as const,
  privacy: ['privacy'] as const,
};
