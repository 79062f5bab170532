import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '@/components/ui/field';
import { problemText } from '@/lib/i18n';
import { useLogin } from '../api/login';
import { AuthFormFoot, AuthLayout } from './auth-layout';

export function LoginPage() {
  const { t } = useTranslation();
  const loggingIn = useLogin();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || !password) {
      setError(t('auth.fillBoth'));
      return;
    }
    setError(null);
    loggingIn.mutate({ login: name.trim(), password }, { onError: (caught) => setError(problemText(caught)) });
  }

  return (
    <AuthLayout title={t('auth.loginTitle')} subtitle={t('auth.loginSubtitle')}>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field
          label={t('auth.loginField')}
          name="login"
          autoComplete="username"
          autoFocus
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <Field
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <AuthFormFoot
          error={error}
          submit={t('auth.loginButton')}
          busy={loggingIn.isPending}
          other={{ question: t('auth.noAccount'), link: t('auth.registerLink'), to: '/register' }}
        />
      </form>
    </AuthLayout>
  );
}
