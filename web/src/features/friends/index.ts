// The friends feature as the rest of the client sees it: what other features and the app screens may use.

export { useBlocked, useIsBlocked, useUnblock } from './api/block';
export { useFriendRequests } from './api/get-friend-requests';
export { useFriends } from './api/get-friends';
export { FriendsPage } from './components/friends-page';
export { useFriendEvents } from './hooks/use-friend-events';
