// The settings feature as the rest of the client sees it: what other features and the app screens may use.

export { ProfileDialog } from './components/profile-dialog';
