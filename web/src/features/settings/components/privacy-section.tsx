import { useTranslation } from 'react-i18next';
import { Section } from '@/components/ui/section';
import { usePendingChoice } from '@/lib/use-pending-choice';
import type { Privacy, Reach } from '@/lib/wire';
import { usePrivacy, useSetPrivacy } from '../api/privacy';
import { BlockedList } from './blocked-list';

const REACHES: Reach[] = ['everyone', 'friendsOfFriends', 'nobody'];

/** FRIEND-7 and FRIEND-6: who may send me friend requests and find me, and the people I blocked. */
export function PrivacySection() {
  const { t } = useTranslation();
  const privacy = usePrivacy().data;
  const setting = useSetPrivacy();
  const [friendRequests, chooseFriendRequests] = usePendingChoice(privacy?.friendRequests);
  const [findableBy, chooseFindableBy] = usePendingChoice(privacy?.findableBy);
  return (
    <Section title={t('settings.privacy')}>
      {friendRequests && findableBy && (
        <>
          <ReachChoice
            name="friendRequests"
            legend={t('privacy.friendRequests')}
            value={friendRequests}
            onChange={(chosen) => chooseFriendRequests(chosen, (reach) => setting.mutateAsync({ friendRequests: reach }))}
          />
          <ReachChoice
            name="findableBy"
            legend={t('privacy.findableBy')}
            value={findableBy}
            onChange={(chosen) => chooseFindableBy(chosen, (reach) => setting.mutateAsync({ findableBy: reach }))}
          />
        </>
      )}
      <BlockedList />
    </Section>
  );
}

function ReachChoice({
  name,
  legend,
  value,
  onChange,
}: {
  name: keyof Privacy;
  legend: string;
  value: Reach;
  onChange: (reach: Reach) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="flex flex-col gap-2 text-sm" data-testid={`privacy-${name}`}>
      <legend className="mb-1.5 text-xs font-medium uppercase tracking-wide text-muted">{legend}</legend>
      {REACHES.map((reach) => (
        <label key={reach} className="flex min-h-11 items-center gap-3 rounded-xl px-2 hover:bg-raised">
          <input type="radio" name={name} className="accent-pink-500" checked={value === reach} onChange={() => onChange(reach)} />
          <span className="text-white">{t(`privacy.reach.${reach}`)}</span>
        </label>
      ))}
    </fieldset>
  );
}
