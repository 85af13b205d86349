import type { Request } from 'express';

/** The languages the server writes its texts in; zh-HK is the zh-CN text in Hong Kong Traditional Chinese (toZhHK). */
export const productLanguages = ['en', 'zh-CN', 'zh-HK'] as const;
export type ProductLanguage = (typeof productLanguages)[number];

/** The product language a language tag means: Traditional Chinese regions and scripts → zh-HK, other Chinese → zh-CN. */
export function languageOfTag(tag: string | null | undefined): ProductLanguage | null {
  const t = tag?.trim().toLowerCase();
  if (!t) return null;
  if (/^zh-(hk|tw|mo|hant)\b/.test(t)) return 'zh-HK';
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

/**
 * The tags offered to Express's Accept-Language negotiation. It matches a header tag to an
 * offered one exactly or by its first subtag, so each Traditional Chinese spelling is named.
 */
const NEGOTIATED_TAGS = ['en', 'zh', 'zh-CN', 'zh-HK', 'zh-TW', 'zh-MO', 'zh-Hant', 'zh-Hant-HK', 'zh-Hant-TW', 'zh-Hant-MO'];

/** The product language the request's Accept-Language prefers (q-values honoured); null without the header or a match. */
export function acceptedLanguage(req: Pick<Request, 'acceptsLanguages' | 'headers'>): ProductLanguage | null {
  if (!req.headers['accept-language']) return null;
  const tag = req.acceptsLanguages(NEGOTIATED_TAGS);
  return tag ? languageOfTag(tag) : null;
}
