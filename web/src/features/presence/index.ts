// The presence feature as the rest of the client sees it: what other features and the app screens may use.

export { MeCard } from './components/me-card';
export { chooseStatus, usePresence } from './hooks/use-presence';
