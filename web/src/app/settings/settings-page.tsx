import { Bell, LogOut, Mic, Shield, ShieldCheck, UserRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, useParams } from 'react-router';
import { Button } from '@/components/ui/button';
import { Section } from '@/components/ui/section';
import { useLogout } from '@/features/auth';
import { PrivacySection, ProfileSection, SecuritySection } from '@/features/settings';
import { VoiceSettingsPanel } from '@/features/voice';
import { NotificationsSection } from './notifications-section';

const SECTIONS = {
  profile: UserRound,
  voice: Mic,
  notifications: Bell,
  privacy: Shield,
  security: ShieldCheck,
} as const;
type SectionName = keyof typeof SECTIONS;
const isSection = (name: string | undefined): name is SectionName => !!name && name in SECTIONS;

/** `/settings/:section`: the settings screen, one section at a time, its list of sections beside it
 * (above it on a phone), and logging out apart from all of them. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { section } = useParams();
  const logout = useLogout();
  if (!isSection(section)) return <Navigate to="/settings/profile" replace />;

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto flex w-full max-w-4xl flex-col gap-4 p-3 sm:p-6 md:flex-row md:items-start">
        <nav aria-label={t('settings.title')} className="flex flex-col gap-3 md:sticky md:top-6 md:w-56 md:shrink-0">
          <h1 className="px-1 text-xl font-semibold text-white">{t('settings.title')}</h1>
          <ul className="flex flex-wrap gap-1 md:flex-col">
            {(Object.keys(SECTIONS) as SectionName[]).map((name) => {
              const Icon = SECTIONS[name];
              return (
                <li key={name}>
                  <NavLink
                    to={`/settings/${name}`}
                    className={({ isActive }) =>
                      `flex min-h-11 items-center gap-2.5 rounded-xl px-3 text-sm font-medium transition-colors ${isActive ? 'bg-primary/15 text-white' : 'text-zinc-300 hover:bg-raised hover:text-white'}`
                    }
                  >
                    <Icon className="h-4 w-4" aria-hidden="true" />
                    {t(`settings.${name}`)}
                  </NavLink>
                </li>
              );
            })}
          </ul>
          <Button variant="danger" className="min-h-11 self-start md:mt-6" onClick={() => logout.mutate()}>
            <LogOut className="h-4 w-4" />
            {t('profile.logout')}
          </Button>
        </nav>
        <div className="min-w-0 flex-1">
          {section === 'profile' && <ProfileSection />}
          {section === 'voice' && (
            <Section title={t('settings.voice')}>
              <VoiceSettingsPanel shown />
            </Section>
          )}
          {section === 'notifications' && <NotificationsSection />}
          {section === 'privacy' && <PrivacySection />}
          {section === 'security' && <SecuritySection />}
        </div>
      </div>
    </div>
  );
}
