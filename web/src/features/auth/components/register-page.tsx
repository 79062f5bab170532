import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '@/components/ui/field';
import { ApiError } from '@/lib/api-client';
import { errorText } from '@/lib/i18n';
import { useRegister } from '../api/register';
import { registerErrors, type RegisterFields } from '@/lib/validation';
import { AuthFormFoot, AuthLayout } from './auth-layout';

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
  const registering = useRegister();
  const [fields, setFields] = useState<RegisterFields>({ username: '', email: '', password: '' });
  const [touched, setTouched] = useState<Partial<Record<keyof RegisterFields, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

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

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched({ username: true, email: true, password: true });
    if (Object.keys(localErrors).length > 0) return;
    registering.mutate(fields, {
      onError: (caught) => {
        if (caught instanceof ApiError) {
          const field = fieldOfCode[caught.code];
          setServerErrors({ [field ?? 'form']: errorText(caught.code, caught.message) });
        } else {
          setServerErrors({ form: t('errors.unknown') });
        }
      },
    });
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
        <AuthFormFoot
          error={serverErrors.form}
          submit={t('auth.registerButton')}
          busy={registering.isPending}
          other={{ question: t('auth.haveAccount'), link: t('auth.loginLink'), to: '/login' }}
        />
      </form>
    </AuthLayout>
  );
}
