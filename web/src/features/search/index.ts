// The search feature as the rest of the client sees it: what other features and the app screens may use.

export { SearchDialog } from './components/search-dialog';
