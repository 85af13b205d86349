import type { CallRow } from './demo-calls';
import { DemoRandom, hash32 } from './demo-random';
import type { AgentTraits, RosterAgent } from './demo-roster';

/** 0 agent, 1 customer, 2 system (transcript_turns.speaker). */
export interface TurnRow {
  callId: number;
  seq: number;
  offsetMs: number | null;
  speaker: 0 | 1 | 2;
  text: string;
}

type Lang = 'zh' | 'yue' | 'en';

/**
 * Demo transcripts (docs/ingest.md "Transcripts") that tell the roster's stories: struggling agents often
 * skip the greeting or the closing, forget empathy in a complaint and use forbidden phrases;
 * excellent agents keep to the scripts; the rest slip now and then. Simplified Mandarin on the
 * Guangzhou queues, Traditional Chinese Cantonese in Hong Kong (English on half of the VIP line).
 * A call's words come from its own PRNG (seed × call id), so they never disturb the calls,
 * surveys or evaluations the main generator draws, and the same options give the same words.
 */
export class DemoTranscriptGenerator {
  constructor(
    private readonly seed: number,
    /** share of answered contacts with a transcript */
    private readonly share = 0.5,
  ) {}

  /** The turns of one call, or none (unanswered, or not among the transcribed share). */
  turnsFor(call: CallRow, agent: RosterAgent | null): TurnRow[] {
    if (!call.answered || !agent || call.talkS === null) return [];
    const r = new DemoRandom(hash32(this.seed ^ hash32(call.id)));
    if (!r.chance(this.share)) return [];
    const lang: Lang = call.queue === 'Cantonese' ? 'yue' : call.queue === 'VIP' ? (r.chance(0.5) ? 'en' : 'yue') : 'zh';
    const habits = habitsOf(agent.traits);
    const words = PHRASES[lang];
    const turns: { speaker: 0 | 1; text: string; gapS: number }[] = [];
    const agentSays = (text: string, gapS = r.int(3, 12)) => turns.push({ speaker: 0, text, gapS });
    const customerSays = (text: string, gapS = r.int(2, 10)) => turns.push({ speaker: 1, text, gapS });
    const online = call.channel === 'chat' || call.channel === 'wechat' || call.channel === 'email';
    const complaint = call.complaintLevel !== 'none';
    const topic = call.topic ?? '产品咨询';

    if (online) customerSays(r.pick(words.openOnline(topic)), 0);
    // An online first answer comes after the agent picks the chat up: slow for a struggling agent.
    const firstGap = online ? (call.channel === 'email' ? r.int(600, 7200) : r.int(habits.firstReply[0], habits.firstReply[1])) : 0;
    agentSays(r.chance(habits.greeting) ? r.pick(words.greeting).replace('{code}', agent.code) : r.pick(words.noGreeting), firstGap);
    if (!online) customerSays(r.pick(words.open(topic)));
    if (complaint) {
      customerSays(r.pick(words.complain));
      if (r.chance(habits.empathy)) agentSays(r.pick(words.empathy));
      else agentSays(r.pick(words.flat));
    }
    if (r.chance(0.5)) {
      agentSays(r.pick(words.verify));
      customerSays(r.pick(words.details));
    }
    agentSays(r.pick(words.solve));
    if (r.chance(habits.forbidden)) {
      customerSays(r.pick(words.push));
      agentSays(r.pick(words.forbidden));
    }
    if (r.chance(habits.commitment)) agentSays(r.pick(words.commitment));
    customerSays(r.pick(words.thanks));
    if (r.chance(habits.closing)) {
      agentSays(r.pick(words.closing));
      if (r.chance(0.3)) customerSays(r.pick(words.bye));
      agentSays(r.pick(words.farewell));
    } else agentSays(r.pick(words.noClosing));

    // Offsets: the first answer as drawn, the rest spread over the talk time.
    const talkMs = Math.max(30, call.talkS) * 1000;
    const totalGap = turns.slice(1).reduce((s, t) => s + t.gapS, 0) || 1;
    const out: TurnRow[] = [];
    let at = 0;
    turns.forEach((t, seq) => {
      if (seq === 0 || (online && seq === 1 && turns[0].speaker === 1)) at += t.gapS * 1000;
      else at += Math.round((t.gapS / totalGap) * talkMs * 0.95);
      out.push({ callId: call.id, seq, offsetMs: at, speaker: t.speaker, text: t.text });
    });
    return out;
  }
}

interface Habits {
  greeting: number;
  closing: number;
  empathy: number;
  commitment: number;
  forbidden: number;
  firstReply: [number, number];
}

/** How an agent keeps to the scripts, from the traits that drive their QA (qaSkill, autoFailRate). */
function habitsOf(t: AgentTraits): Habits {
  if (t.autoFailRate >= 0.2) return { greeting: 0.8, closing: 0.45, empathy: 0.35, commitment: 0.3, forbidden: 0.22, firstReply: [35, 150] };
  if (t.qaSkill >= 0.97) return { greeting: 1, closing: 1, empathy: 1, commitment: 0.95, forbidden: 0, firstReply: [8, 35] };
  return { greeting: 0.97, closing: 0.9, empathy: 0.85, commitment: 0.7, forbidden: 0.002, firstReply: [10, 70] };
}

interface Phrases {
  openOnline(topic: string): string[];
  open(topic: string): string[];
  greeting: string[];
  noGreeting: string[];
  complain: string[];
  empathy: string[];
  flat: string[];
  verify: string[];
  details: string[];
  solve: string[];
  push: string[];
  forbidden: string[];
  commitment: string[];
  thanks: string[];
  closing: string[];
  bye: string[];
  farewell: string[];
  noClosing: string[];
}

const PHRASES: Record<Lang, Phrases> = {
  zh: {
    openOnline: (topic) => [`在吗？我想咨询一下${topic}的问题`, `你好，${topic}的事情想问一下`, `在线等，关于${topic}`],
    open: (topic) => [`我想问一下${topic}的事情`, `你好，我打电话是因为${topic}`, `我这边有个${topic}的问题`],
    greeting: ['您好，这里是客服中心，工号{code}，请问有什么可以帮您？', '您好，很高兴为您服务，我是{code}号客服。', '下午好，客服中心{code}为您服务，请问有什么可以帮您？'],
    noGreeting: ['喂，说吧。', '什么事？', '嗯，请讲。'],
    complain: ['我要投诉！你们的服务太差了！', '等了这么久都没人处理，我很不满意。', '你们效率太慢了，我非常生气。'],
    empathy: ['非常抱歉给您带来不便，我理解您的心情。', '对不起让您久等了，我明白您的感受，马上帮您处理。'],
    flat: ['你先说是什么事。', '这个情况我记一下。'],
    verify: ['请您提供一下注册手机号，我帮您核实一下身份。', '麻烦报一下您的订单号和姓名。'],
    details: ['手机号是138开头的那个，姓王。', '订单号是2026110388，我姓李。', '好的，我马上发给你。'],
    solve: ['已经帮您查到了，系统显示正在处理中。', '我这边已经帮您提交了申请。', '这个问题我已经帮您登记好了。'],
    push: ['那到底什么时候能解决？', '你们能不能快点给我处理？'],
    forbidden: ['这个我不知道，不关我的事。', '没办法，您必须先去营业厅办理。', '这不是我的责任，你自己看说明书吧。', '我们做不到，您必须先提交材料。'],
    commitment: ['我们会在24小时内给您回复。', '预计3个工作日内处理完毕，请您留意短信。', '我会在2小时内给您回电。'],
    thanks: ['好的，谢谢。', '行，那就这样。', '明白了。'],
    closing: ['请问还有什么可以帮您？', '请问还有其他问题吗？'],
    bye: ['没有了，谢谢。', '没了。'],
    farewell: ['感谢您的来电，祝您生活愉快，再见！', '感谢来电，再见。'],
    noClosing: ['好，就这样吧。', '嗯，挂了。'],
  },
  yue: {
    openOnline: (topic) => [`喺度嗎？想問下${topic}`, `你好，想查詢${topic}`],
    open: (topic) => [`我想問下${topic}嘅問題`, `你好，我打嚟係因為${topic}`, `我有個${topic}嘅問題想搞掂佢`],
    greeting: ['你好，呢度係客戶服務中心，我係{code}，請問有咩可以幫到你？', '早晨，客戶服務中心，我係{code}號同事，有咩可以幫你？', '你好，多謝致電，我係{code}。'],
    noGreeting: ['喂，講。', '咩事？'],
    complain: ['我要投訴！你哋啲服務好差！', '等咗咁耐都冇人理，我好唔滿意。', '你哋效率太慢喇，我好嬲。'],
    empathy: ['唔好意思，我明白您嘅感受，即刻幫你跟進。', '對不起要你等咗咁耐，我理解您嘅心情。'],
    flat: ['你講咩事先。', '我記低咗。'],
    verify: ['麻煩你提供一下登記電話號碼，我幫你核對身份。', '請問你嘅戶口號碼係幾多？'],
    details: ['電話係9123開頭嗰個，我姓陳。', '戶口號碼係HK20261103。', '好，我而家send俾你。'],
    solve: ['我已經幫你查到，系統顯示處理緊。', '我已經幫你提交咗申請。', '呢個問題我已經幫你登記咗。'],
    push: ['咁到底幾時先搞得掂？', '可唔可以快啲幫我處理？'],
    forbidden: ['呢個我唔知，唔關我事。', '冇辦法，你一定要自己去分行。', '我唔知呀，你自己睇返條款啦。'],
    commitment: ['我哋會喺24小時內覆你。', '預計3個工作日內處理好，請留意短訊。'],
    thanks: ['好，唔該。', '明白，多謝。'],
    closing: ['請問仲有冇其他可以幫到你？', '仲有咩可以幫到你？'],
    bye: ['冇喇，唔該。', '冇喇。'],
    farewell: ['多謝來電，拜拜！', '多謝來電，祝你愉快。'],
    noClosing: ['好，咁先。', '嗯，拜拜。'],
  },
  en: {
    openOnline: (topic) => [`Hi, is anyone there? I have a question about ${englishTopic(topic)}`, `Hello, about ${englishTopic(topic)} please`],
    open: (topic) => [`I'm calling about ${englishTopic(topic)}.`, `Hi, I need some help with ${englishTopic(topic)}.`],
    greeting: ['Good morning, VIP service, this is {code} speaking. How may I help you?', 'Good afternoon, VIP service, {code} speaking. How can I help?', 'Hello, VIP line, this is {code}.'],
    noGreeting: ['Yes?', 'Go ahead.'],
    complain: ['I want to complain, this is unacceptable!', 'This is terrible service, I have waited for days.'],
    empathy: ["I'm so sorry about that, I understand how frustrating this is.", 'I apologize for the trouble, let me fix this for you right away.'],
    flat: ['What is the problem?', 'OK, noted.'],
    verify: ['May I have your account number to verify your identity?', 'Could you confirm your registered phone number, please?'],
    details: ['It is 9123 4567, the name is Chan.', 'Account HK20261103.'],
    solve: ['I can see the request in our system, it is being processed.', 'I have submitted the request for you.'],
    push: ['So when will this be fixed?', 'Can you hurry this up?'],
    forbidden: ["That's not my problem, you have to call the bank yourself.", "Sorry, that's not my job."],
    commitment: ['We will get back to you within 24 hours.', 'You will hear from us within 2 working days.'],
    thanks: ['OK, thanks.', 'Got it.'],
    closing: ['Is there anything else I can help you with?', 'Anything else I can do for you today?'],
    bye: ['No, that is all.', 'Nothing else, thanks.'],
    farewell: ['Thank you for calling, have a nice day!', 'Thank you for calling VIP service. Goodbye.'],
    noClosing: ['OK, bye.', 'Right.'],
  },
};

const TOPICS_EN: Record<string, string> = {
  账户安全: 'account security', 会员权益: 'my membership benefits', 投资咨询: 'an investment question', 投诉处理: 'a complaint', 专属服务: 'my relationship manager', 账单查询: 'my bill', 物流配送: 'a delivery', 退款退货: 'a refund', 产品咨询: 'a product', 套餐变更: 'changing my plan',
};
function englishTopic(topic: string): string {
  return TOPICS_EN[topic] ?? 'my account';
}
