// The settings feature as the rest of the client sees it: what other features and the app screens may use.

export { LanguageSwitch } from './components/language-switch';
export { ProfileDialog } from './components/profile-dialog';
