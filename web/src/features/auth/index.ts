// The auth feature as the rest of the client sees it: what other features and the app screens may use.

export { getMe } from './api/get-me';
export { useLogout } from './api/logout';
export { LoginPage } from './components/login-page';
export { RegisterPage } from './components/register-page';
