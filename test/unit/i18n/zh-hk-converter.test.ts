import { toZhHK } from '../../../server/common/i18n/zh-hk.converter';

describe('toZhHK (Simplified to Hong Kong Traditional)', () => {
  it.each([
    ['一次解决率', '一次解決率'],
    ['客户满意率', '客戶滿意率'],
    ['登录', '登入'],
    ['退出登录', '登出'],
    ['邮箱', '電郵'],
    ['设置', '設定'],
    ['导出 Excel', '匯出 Excel'],
    ['本周', '本週'],
    ['保存草稿', '儲存草稿'],
    ['坐席', '座席'],
  ])('%s → %s', (cn, hk) => {
    expect(toZhHK(cn)).toBe(hk);
  });

  it('leaves English, numbers and placeholders alone', () => {
    expect(toZhHK('AHT 7:12 {{count}} 5:40')).toBe('AHT 7:12 {{count}} 5:40');
  });
});
