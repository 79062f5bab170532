// The chat feature as the rest of the client sees it: what other features and the app screens may use.

export { ChatPanel } from './components/chat-panel';
