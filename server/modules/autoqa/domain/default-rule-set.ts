/**
 * The default AutoQA rule set (docs/autoqa.md "The default rule set"), from the standard scripts of the training
 * manuals. Keys are fixed: reports, tests and the weekly review refer to them. `formItem` names
 * the item of the default QA form (seeds/default-qa-form.ts) each rule answers; the strings are
 * stable (DEFAULT_FORM_ITEMS) and the AutoQA module maps them to the form's items.
 */
import type { RuleDefinition } from './autoqa.types';

/** Stable names of the default QA form's items that AutoQA rules answer. */
export const DEFAULT_FORM_ITEMS = {
  /** 开场 Opening — "Standard greeting with center name and agent number …" */
  greeting: 'opening.greeting',
  /** 结束 Closing — "Asked 请问还有什么可以帮您？, standard closing …" */
  closing: 'closing.standard_closing',
  /** 规范 Conduct — "No forbidden phrases …" (critical) */
  forbiddenPhrases: 'conduct.no_forbidden_phrases',
  /** 处理 Handling — "Empathy before solution in a complaint …" */
  empathy: 'handling.empathy_in_complaint',
  /** 处理 Handling — "Concrete commitment with a time …" */
  commitment: 'handling.commitment_with_time',
} as const;

export const TIME_COMMITMENT_REGEX = '\\d+(个)?(工作日|小时|分钟|天)(之)?内|within\\d+(working)?(hours?|days?|minutes?)';

export const DEFAULT_RULE_SET: readonly RuleDefinition[] = [
  {
    key: 'greeting',
    kind: 'required',
    where: 'first',
    turns: 2,
    phrases: ['您好', '你好', '早晨', '早上好', '下午好', '晚上好', 'hello', 'good morning', 'good afternoon', 'good evening'],
    weight: 5,
    critical: false,
    channels: null,
    formItem: DEFAULT_FORM_ITEMS.greeting,
  },
  {
    key: 'closing',
    kind: 'required',
    where: 'last',
    turns: 2,
    phrases: ['还有什么可以帮您', '还有什么可以帮到您', '还有其他问题吗', '仲有冇其他', '仲有咩可以帮到你', '感谢您的来电', '感谢来电', '多谢来电', 'anything else', 'thank you for calling'],
    weight: 5,
    critical: false,
    channels: null,
    formItem: DEFAULT_FORM_ITEMS.closing,
  },
  {
    key: 'forbidden_phrases',
    kind: 'forbidden',
    phrases: ['这不是我的责任', '不关我的事', '唔关我事', '我们做不到', '我不知道', '我唔知', '您必须先', '你自己看', '没办法', '冇办法', 'not my problem', 'not my job'],
    weight: 10,
    critical: true,
    channels: null,
    formItem: DEFAULT_FORM_ITEMS.forbiddenPhrases,
  },
  {
    key: 'empathy_in_complaint',
    kind: 'conditional',
    triggers: ['投诉', '不满意', '太差', '太慢', '生气', '唔满意', '好差', 'complain', 'unacceptable', 'terrible'],
    phrases: ['理解您', '明白您', '非常抱歉', '对不起', '不好意思', '唔好意思', 'sorry', 'apologize', 'apologise', 'understand'],
    within: 3,
    weight: 10,
    critical: false,
    channels: null,
    formItem: DEFAULT_FORM_ITEMS.empathy,
  },
  {
    key: 'time_commitment',
    kind: 'pattern',
    where: 'last',
    turns: 3,
    regex: TIME_COMMITMENT_REGEX,
    weight: 5,
    critical: false,
    channels: null,
    formItem: DEFAULT_FORM_ITEMS.commitment,
  },
  {
    key: 'first_response',
    kind: 'response_time',
    seconds: 60,
    weight: 10,
    critical: false,
    channels: ['chat', 'wechat'],
    formItem: null,
  },
];
