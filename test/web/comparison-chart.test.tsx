import { nameAxis } from '../../web/src/components/charts';

describe('nameAxis: how a comparison chart places its names', () => {
  it('slants the demo teams\' bilingual names (five of up to 27 columns would run into each other), the axis tall enough for the widest', () => {
    const teams = ['微信在线 WeChat Online', '普通话热线 Mandarin Hotline', '电子邮件 Email', '粵語熱線 Cantonese Hotline', '貴賓專線 VIP'];
    // widest: 普通话热线 (5 × 2) + " Mandarin Hotline" (17) = 27 columns → 24 + ⌈27 × 3.7⌉ = 124, capped at 120
    expect(nameAxis(teams)).toEqual({ slanted: true, height: 120 });
  });

  it('keeps a few short names level', () => {
    expect(nameAxis(['张磊', '李静', '王芳'])).toEqual({ slanted: false, height: 30 });
    expect(nameAxis(['Team A', 'Team B'])).toEqual({ slanted: false, height: 30 });
  });

  it('slants any seven names or more, at least 70 px tall', () => {
    expect(nameAxis(['A', 'B', 'C', 'D', 'E', 'F', 'G'])).toEqual({ slanted: true, height: 70 });
  });
});
