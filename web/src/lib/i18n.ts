import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { zhCN } from './locales/zh-cn';
import { zhHK } from './locales/zh-hk';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
  { code: 'zh-HK', label: '繁體中文（香港）' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

export const LANGUAGE_STORAGE_KEY = 'callscope.lang';

/** Chinese written in Traditional characters: Hong Kong, Taiwan, Macau, or the Hant script named. */
const TRADITIONAL = /^zh-(hk|tw|mo|hant)\b/i;

/** Remembered choice first, then the browser's language; Traditional Chinese gets zh-HK, any other Chinese zh-CN. */
export function detectLanguage(stored: string | null, browser: readonly string[]): Language {
  if (LANGUAGES.some((l) => l.code === stored)) return stored as Language;
  for (const lang of browser) {
    if (TRADITIONAL.test(lang)) return 'zh-HK';
    if (/^zh\b/i.test(lang)) return 'zh-CN';
    if (/^en\b/i.test(lang)) return 'en';
  }
  return 'en';
}

export function createI18n(language?: Language): I18n {
  const instance = i18next.createInstance();
  const lng =
    language ??
    detectLanguage(
      typeof localStorage === 'undefined' ? null : localStorage.getItem(LANGUAGE_STORAGE_KEY),
      typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]),
    );
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN }, 'zh-HK': { translation: zhHK } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  instance.on('languageChanged', (lang) => {
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  });
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  return instance;
}

export function rememberLanguage(i18n: I18n, lang: Language): void {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
}
