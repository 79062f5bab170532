import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '@/components/ui/field';
import { ApiError } from '@/lib/api-client';
import { problemText } from '@/lib/i18n';
import { useLogin } from '../api/login';
import { AuthFormFoot, AuthLayout } from './auth-layout';

export function LoginPage() {
  const { t } = useTranslation();
  const loggingIn = useLogin();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  // AUTH-8: asked for once the server says the password is right and the account needs a code.
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || !password) {
      setError(t('auth.fillBoth'));
      return;
    }
    setError(null);
    loggingIn.mutate(
      { login: name.trim(), password, code: askCode ? code.trim() : undefined },
      {
        onError: (caught) => {
          if (caught instanceof ApiError && caught.code === 'two_factor_required') {
            setAskCode(true);
            return;
          }
          setError(problemText(caught));
        },
      },
    );
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
        {askCode && (
          <Field
            label={t('twoFactor.codeOrRecovery')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        )}
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
