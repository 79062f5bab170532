import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from './types';

/** How a person's name is shown everywhere: a deleted account's in the reader's language (AUTH-10). */
export function useDisplayName() {
  const { t } = useTranslation();
  return useCallback(
    (user: Pick<User, 'username' | 'deleted'>) => (user.deleted ? t('users.deleted') : user.username),
    [t],
  );
}
