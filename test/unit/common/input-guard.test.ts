import { findInputProblem } from '../../../server/common/input-guard';

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('findInputProblem', () => {
  it.each([
    ['a plain object', { email: 'a@b.cn', tags: ['x', 'y'], n: 3, none: null }, null],
    ['a NUL in a top-level string', { email: 'a@b.cn\u0000' }, { path: 'email', message: expect.stringContaining('NUL') }],
    ['a NUL deep inside', { context: { week: { label: 'w\u0000' } } }, { path: 'context.week.label', message: expect.stringContaining('NUL') }],
    ['a NUL in an array item', { ids: ['1', '2\u0000'] }, { path: 'ids.1', message: expect.stringContaining('NUL') }],
    ['a NUL in a key', { 'k\u0000': 1 }, { path: 'k\\u0000', message: expect.stringContaining('key') }],
    ['a bare string with NUL', 'x\u0000', { path: '', message: expect.stringContaining('NUL') }],
    ['32 levels', { context: nested(31) }, null],
    ['33 levels', { context: nested(32) }, { path: 'context', message: 'is nested too deeply (more than 32 levels)' }],
  ])('%s', (_label, value, expected) => {
    expect(findInputProblem(value)).toEqual(expected);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(findInputProblem({ context: nested(100_000) })).toEqual({ path: 'context', message: expect.stringContaining('nested too deeply') });
  });
});
