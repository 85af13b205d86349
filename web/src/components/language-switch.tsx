import { useTranslation } from 'react-i18next';
import { LANGUAGES, rememberLanguage, type Language } from '../lib/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switch">
      <span className="sr-only">{t('common.language')}</span>
      <select aria-label={t('common.language')} value={i18n.language} onChange={(e) => rememberLanguage(i18n, e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
