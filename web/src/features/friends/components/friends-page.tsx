import { Users, UserPlus, Inbox } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFriendRequests } from '../api/get-friend-requests';
import { FriendList } from './friend-list';
import { FriendRequests } from './friend-requests';
import { FriendSearch } from './friend-search';

const tabs = ['all', 'requests', 'add'] as const;
type Tab = (typeof tabs)[number];

/** Home: friends, requests and search, as tabs (`?tab=` so a notification can open one). */
export function FriendsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = tabs.includes(requested as Tab) ? (requested as Tab) : 'all';
  const incoming = useFriendRequests().data?.incoming.length ?? 0;
  const icons = { all: Users, requests: Inbox, add: UserPlus };

  return (
    <div className="flex h-full flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b border-line px-4 py-3 md:px-6">
        <h1 className="mr-4 text-lg font-semibold text-white">{t('friends.title')}</h1>
        <nav role="tablist" className="flex gap-1">
          {tabs.map((name) => {
            const Icon = icons[name];
            return (
              <button
                key={name}
                role="tab"
                type="button"
                aria-selected={tab === name}
                onClick={() => setParams(name === 'all' ? {} : { tab: name })}
                className={`flex items-center gap-2 rounded-xl px-3 py-1.5 text-sm font-medium transition-colors ${tab === name ? (name === 'add' ? 'bg-primary-strong text-white' : 'bg-raised text-white') : name === 'add' ? 'text-primary hover:bg-primary/10' : 'text-muted hover:bg-raised hover:text-white'}`}
              >
                <Icon className="h-4 w-4" />
                {t(`friends.tab.${name}`)}
                {name === 'requests' && incoming > 0 && (
                  <span className="rounded-full bg-primary-strong px-1.5 text-xs font-semibold text-white">{incoming}</span>
                )}
              </button>
            );
          })}
        </nav>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4 md:px-6">
        {tab === 'all' && <FriendList />}
        {tab === 'requests' && <FriendRequests />}
        {tab === 'add' && <FriendSearch />}
      </div>
    </div>
  );
}
