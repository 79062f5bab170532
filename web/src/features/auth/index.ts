// The auth feature as the rest of the client sees it: what other features and the app screens may use.

export { getMe } from './api/get-me';
export { useLogout } from './api/logout';
export { useChangePassword, useDeleteAccount, useSessions, useSignOutOthers, useSignOutSession } from './api/sessions';
export { useDisableTwoFactor, useEnableTwoFactor, useTwoFactorSetup, useTwoFactorStatus } from './api/two-factor';
export { useUpdateMe } from './api/update-me';
export { LoginPage } from './components/login-page';
export { RegisterPage } from './components/register-page';
export { useSession } from './stores/session-store';
export { passwordError, usernameError } from './validation';
