import express from 'express';
import { acceptedLanguage, languageOfTag } from '../../../server/common/i18n/product-language';

/** A request as Express builds it, so acceptsLanguages is Express's own negotiation. */
function request(acceptLanguage?: string) {
  return Object.assign(Object.create(express.request), { headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } });
}

describe('product language', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-HK', 'zh-HK'],
    ['zh-tw', 'zh-HK'],
    ['zh-Hant-MO', 'zh-HK'],
    ['en-GB', 'en'],
    ['de', null],
    [null, null],
  ])('a user locale %s is %s', (tag, lang) => {
    expect(languageOfTag(tag)).toBe(lang);
  });

  it.each([
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR, zh-TW;q=0.8, en;q=0.5', 'zh-HK'],
    ['zh-Hant-HK', 'zh-HK'],
    ['zh-SG, zh-HK;q=0.5', 'zh-CN'],
    ['en;q=0.4, zh-CN;q=0.9', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['de, fr', null],
    [undefined, null],
  ])('Accept-Language %j prefers %s', (header, lang) => {
    expect(acceptedLanguage(request(header))).toBe(lang);
  });
});
