// The settings feature as the rest of the client sees it: what other features and the app screens may use.

export { PrivacySection } from './components/privacy-section';
export { ProfileSection } from './components/profile-section';
export { SecuritySection } from './components/security-section';
