import { TIME_COMMITMENT_REGEX } from '../../../server/modules/autoqa/domain/default-rule-set';
import { unsafeRegexReason } from '../../../server/modules/autoqa/domain/regex-safety';

describe('unsafeRegexReason', () => {
  it.each([
    TIME_COMMITMENT_REGEX,
    '\\d+(个)?(工作日|小时|分钟|天)(之)?内',
    'within\\d+(working)?(hours?|days?|minutes?)',
    '(ab)+c',
    '(abc){2}',
    '(a|b)*c',
    '(a+){1}',
    '(a+)?',
    '[(+*]+x',
    '\\(a+\\)+',
    '(?:您好|你好)\\d{1,3}',
    '(?<unit>小时|天)+',
    '\\u{1F600}+',
  ])('lets %s through', (source) => {
    expect(unsafeRegexReason(source)).toBeNull();
  });

  it.each([
    ['(a+)+$', 'quantifier'],
    ['(a*)*b', 'quantifier'],
    ['(?:x\\d+)+y', 'quantifier'],
    ['((ab)*c)+', 'quantifier'],
    ['(a{1,5}){2,}', 'quantifier'],
    ['([a-z]+)*', 'quantifier'],
    ['(a?)+', 'quantifier'],
    ['(.*?,){11}P', 'quantifier'],
    ['(a)\\1', 'backreference'],
    ['(?<x>a)\\k<x>', 'backreference'],
  ])('refuses %s (%s)', (source, why) => {
    expect(unsafeRegexReason(source)).toContain(why);
  });

});
