import { create } from 'zustand';

/**
 * Where the open room's history is shown (MSG-3, SEARCH-1): at the present, or as a window around an
 * older message (`detachedRoom`), which new messages join only once scrolling down meets the present
 * again. A store, as voice's state is, so that event handlers and callbacks read it as it is now rather
 * than as of the last render.
 */
interface HistoryWindow {
  /** The room whose history is a window away from the present, if any. */
  detachedRoom: number | null;
  /** A newer page under the window is on its way. */
  loadingNewer: boolean;
}

export const useHistoryWindow = create<HistoryWindow>(() => ({ detachedRoom: null, loadingNewer: false }));

export const historyWindow = {
  isDetached: (roomId: number) => useHistoryWindow.getState().detachedRoom === roomId,
  isLoadingNewer: () => useHistoryWindow.getState().loadingNewer,
  /** `roomId`'s history is a window away from the present (`true`), or at the present again. */
  setDetached: (roomId: number, detached: boolean) =>
    useHistoryWindow.setState({ detachedRoom: detached ? roomId : null }),
  setLoadingNewer: (loadingNewer: boolean) => useHistoryWindow.setState({ loadingNewer }),
};
