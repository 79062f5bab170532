// The calls feature as the rest of the client sees it: what other features and the app screens may use.

export { useStartCall } from './api/start-call';
export { CallScreens } from './components/call-screens';
export { useCallEvents } from './hooks/use-call-events';
