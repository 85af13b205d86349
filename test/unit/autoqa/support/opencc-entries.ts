import { Locale } from 'opencc-js';
import { DemoRandom } from '../../../../seeds/demo-random';

/** Every [key, value] line of the OpenCC tables the fold uses (hk2s, tw2s: Traditional spellings, phrases, characters). */
export function openccEntries(): [string, string][] {
  const configs = Locale.configs as unknown as Record<string, { segmentation: unknown; conversionChain: unknown[][] }>;
  const out: [string, string][] = [];
  for (const name of ['hk2s', 'tw2s']) {
    const c = configs[name];
    for (const d of [...(c.segmentation as unknown[]), ...c.conversionChain.flat()]) {
      if (typeof d === 'string') for (const line of d.split('|')) out.push(line.split(' ') as [string, string]);
    }
  }
  return out;
}

/** A deterministic uniform [0, 1) stream (the demo generator's mulberry32). */
export function rng(seed: number): () => number {
  const random = new DemoRandom(seed);
  return () => random.next();
}
