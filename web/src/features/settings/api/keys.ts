/** The settings' query keys: my sessions (AUTH-9) and whether two-factor sign-in is on (AUTH-8). */
export const settingsKeys = {
  sessions: ['sessions'] as const,
  twoFactor: ['two-factor'] as const,
};
