/**
 * Simplified Chinese (zh-CN) text to Traditional Chinese as written in Hong Kong (zh-HK): the
 * characters by opencc-js (cn → hk), then the words Hong Kong uses where the mainland word
 * differs (登入, 電郵, 設定, 匯出, 週…). The server's zh-HK texts (review reasons, notifications)
 * are their zh-CN texts through this; the dashboard's zh-hk.ts was generated with it and its
 * metric names are tested against it, so each metric has one name per language. Pure.
 */
import { Converter } from 'opencc-js';

const characters = Converter({ from: 'cn', to: 'hk' });

/** Mainland word (after character conversion) → Hong Kong word, longest first where they overlap. */
export const HK_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['退出登錄', '登出'],
  ['登錄', '登入'],
  ['郵箱', '電郵'],
  ['設置', '設定'],
  ['導出', '匯出'],
  ['導入', '匯入'],
  ['默認', '預設'],
  ['信息', '資訊'],
  ['文件', '檔案'],
  ['鏈接', '連結'],
  ['保存', '儲存'],
  ['搜索', '搜尋'],
  ['點擊', '按'],
  ['視頻', '視像'],
  ['試運行', '試行'],
  ['反饋', '回饋'],
  ['坐席', '座席'],
  ['賬號', '帳戶'],
  ['賬戶', '帳戶'],
  ['模板', '範本'],
  ['屏幕', '螢幕'],
  ['打印', '列印'],
  ['菜單', '選單'],
  ['激活', '啟用'],
  ['鼠標', '滑鼠'],
  ['聯繫', '聯絡'],
  ['訪問', '存取'],
  ['質量', '質素'],
  ['户', '戶'],
  ['周', '週'],
];

export function toZhHK(text: string): string {
  let out = characters(text);
  for (const [from, to] of HK_WORDS) out = out.split(from).join(to);
  return out;
}
