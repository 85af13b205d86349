import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { zhCN } from './locales/zh-cn';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

export const LANGUAGE_STORAGE_KEY = 'callscope.lang';

/** Remembered choice first, then the browser's language; anything Chinese gets zh-CN. */
export function detectLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  for (const lang of browser) {
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
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
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
