import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { ApiError } from '@/lib/api-client';
import { errorText } from '@/lib/i18n';
import { register } from '../api';
import { useSession } from '../stores/session-store';
import { registerErrors, type RegisterFields } from '../validation';
import { AuthLayout } from './auth-layout';

type FieldErrors = Partial<Record<keyof RegisterFields | 'form', string>>;

// Which field a server refusal belongs to, so it shows next to that field.
const fieldOfCode: Record<string, keyof RegisterFields> = {
  username_taken: 'username',
  username_length: 'username',
  username_invalid_chars: 'username',
  email_taken: 'email',
  invalid_email: 'email',
  password_too_short: 'password',
  password_too_long: 'password',
};

const inputs: { field: keyof RegisterFields; type: string; autoComplete: string }[] = [
  { field: 'username', type: 'text', autoComplete: 'username' },
  { field: 'email', type: 'email', autoComplete: 'email' },
  { field: 'password', type: 'password', autoComplete: 'new-password' },
];

export function RegisterPage() {
  const { t } = useTranslation();
  const signIn = useSession((state) => state.signIn);
  const [fields, setFields] = useState<RegisterFields>({ username: '', email: '', password: '' });
  const [touched, setTouched] = useState<Partial<Record<keyof RegisterFields, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const localErrors = registerErrors(fields);
  const shown = (field: keyof RegisterFields) => {
    const local = touched[field] ? localErrors[field] : undefined;
    if (local) return errorText(local);
    return serverErrors[field] ?? null;
  };
  const change = (field: keyof RegisterFields) => (event: { target: { value: string } }) => {
    setFields((previous) => ({ ...previous, [field]: event.target.value }));
    setServerErrors((previous) => ({ ...previous, [field]: undefined, form: undefined }));
  };
  const blur = (field: keyof RegisterFields) => () => setTouched((previous) => ({ ...previous, [field]: true }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched({ username: true, email: true, password: true });
    if (Object.keys(localErrors).length > 0) return;
    setBusy(true);
    try {
      const session = await register(fields);
      signIn(session.token, session.user);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const field = fieldOfCode[caught.code];
        setServerErrors({ [field ?? 'form']: errorText(caught.code, caught.message) });
      } else {
        setServerErrors({ form: t('errors.unknown') });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('auth.registerTitle')} subtitle={t('auth.registerSubtitle')}>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        {inputs.map(({ field, type, autoComplete }, index) => (
          <Field
            key={field}
            label={t(`auth.${field}`)}
            name={field}
            type={type}
            autoComplete={autoComplete}
            autoFocus={index === 0}
            value={fields[field]}
            onChange={change(field)}
            onBlur={blur(field)}
            error={shown(field)}
          />
        ))}
        {serverErrors.form && (
          <p role="alert" className="rounded-xl border border-red-500/30 bg-red-500/10 px-3 py-2 text-sm text-red-300">
            {serverErrors.form}
          </p>
        )}
        <Button type="submit" disabled={busy} className="mt-1 py-2.5">
          {t('auth.registerButton')}
        </Button>
        <p className="text-center text-sm text-muted">
          {t('auth.haveAccount')}{' '}
          <Link to="/login" className="font-medium text-primary hover:underline">
            {t('auth.loginLink')}
          </Link>
        </p>
      </form>
    </AuthLayout>
  );
}
