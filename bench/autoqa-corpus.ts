/**
 * Generated conversations for the AutoQA benchmark: deterministic (contact i is the same in
 * every run and for both sides of the comparison), mixed Simplified Mandarin, Traditional
 * Chinese / Cantonese and English, with turns of realistic length (a sentence or three) and the
 * default rules' phrases said, missed and broken at rates like a real floor's.
 */
import type { Contact, ContactChannel, Turn } from '../server/modules/autoqa/domain/autoqa.types';
import { DemoRandom } from '../seeds/demo-random';

type Lang = 'cn' | 'hk' | 'en';

interface Phrases {
  greeting: string[];
  closing: string[];
  forbidden: string[];
  empathy: string[];
  commitment: string[];
  agent: string[];
  customer: string[];
  complaint: string[];
}

const PHRASES: Record<Lang, Phrases> = {
  cn: {
    greeting: ['您好，这里是客服中心，工号1024，请问有什么可以帮您？', '你好，欢迎致电，请问您需要办理什么业务？', '早上好！很高兴为您服务。', '下午好，客服中心，请讲。'],
    closing: ['请问还有什么可以帮您？', '还有其他问题吗？感谢您的来电，再见。', '感谢来电，祝您生活愉快！', '好的，还有什么可以帮到您的吗？'],
    forbidden: ['这个我不知道，您问别人吧。', '这不是我的责任。', '没办法，规定就是这样。', '您必须先去营业厅办理。', '你自己看短信吧。'],
    empathy: ['非常抱歉给您带来不便，我理解您的心情。', '对不起，让您久等了。', '不好意思，我马上帮您处理。', '明白您的意思，我们一定重视。'],
    commitment: ['我们会在24小时内给您回复。', '工单已提交，3个工作日内处理完毕。', '技术人员会在2小时之内联系您。', '预计5天内到账。'],
    agent: ['请您提供一下手机号码，我帮您查询。', '好的，我这边已经查到您的账户信息。', '您的套餐是每月一百二十八元，包含三十G流量。', '请稍等，我帮您核实一下。', '这个问题需要转到技术部门处理。', '已经为您登记了，请保持电话畅通。', '您反映的情况我已经记录下来了。', '根据系统显示，您的订单已经发货。'],
    customer: ['我想查一下我的话费。', '我的宽带从昨天开始就上不了网。', '好的，谢谢。', '手机号是一三八零零一三八零零零。', '那大概什么时候能修好？', '嗯，明白了。', '我上个月被多扣了五十块钱。', '能不能帮我改一下套餐？'],
    complaint: ['你们的服务太差了，我要投诉！', '我对处理结果很不满意。', '等了半个小时了，太慢了！', '我真的很生气，已经打了三次电话了。'],
  },
  hk: {
    greeting: ['你好，客戶服務中心，請問有咩可以幫到你？', '早晨，我係客服專員，請問有咩需要？', '您好，歡迎致電，請問點稱呼？'],
    closing: ['仲有冇其他問題？多謝來電。', '仲有咩可以幫到你？', '多謝來電，祝你生活愉快。', '請問還有什麼可以幫您？'],
    forbidden: ['呢件事唔關我事。', '我唔知喎，你問返其他部門啦。', '冇辦法，公司規定係咁。', '這不是我的責任。'],
    empathy: ['唔好意思，令你等咗咁耐。', '非常抱歉，我明白您嘅感受。', '對不起，我哋即刻跟進。'],
    commitment: ['我哋會喺24小時內覆你。', '3個工作日內會有同事聯絡你。', '技術員會喺2小時之內到。'],
    agent: ['麻煩你提供一下電話號碼。', '我幫你查一查戶口資料先。', '你嘅月費計劃係每個月一百九十八蚊。', '請稍等，我幫你核實一下。', '呢個問題要轉去技術部跟進。', '我已經幫你登記咗，請保持電話暢通。', '系統顯示你嘅訂單已經寄出。'],
    customer: ['我想查下張單。', '我屋企上網由琴日開始就斷咗線。', '好，唔該。', '電話係九八七六五四三二。', '咁幾時可以整好呀？', '明白，唔該晒。', '上個月多咗五十蚊收費。'],
    complaint: ['你哋啲服務好差，我要投訴！', '我對呢個處理結果唔滿意。', '等咗半個鐘，太慢啦！', '我真係好嬲，打咗三次電話都冇人理。'],
  },
  en: {
    greeting: ['Hello, thank you for calling customer care, my name is Alex. How can I help?', 'Good morning! You are through to the help desk.', 'Good afternoon, how may I help you today?'],
    closing: ['Is there anything else I can help you with?', 'Thank you for calling, have a great day.', 'Anything else I can do for you today?'],
    forbidden: ["I'm afraid that's not my problem.", 'That is not my job, you need to call another number.', "Honestly, I don't know."],
    empathy: ['I am so sorry about that, I understand how frustrating it is.', 'I apologize for the inconvenience.', 'Sorry for the wait, let me sort this out.'],
    commitment: ['We will get back to you within 24 hours.', 'The refund will arrive within 5 working days.', 'An engineer will call you within 2 hours.'],
    agent: ['Could you confirm your account number, please?', 'Let me pull up your account.', 'Your plan includes 30 GB of data per month.', 'Please bear with me for a moment.', 'I will transfer this to our technical team.', 'I have logged the issue on your account.', 'Your order was shipped yesterday.'],
    customer: ['I want to check my bill.', 'My internet has been down since yesterday.', 'OK, thanks.', 'It is 4417 1234 5678.', 'When will it be fixed?', 'Right, got it.', 'I was charged twice last month.'],
    complaint: ['This is unacceptable, I want to complain!', 'Your service is terrible.', 'I have been waiting for ages, this is unacceptable.'],
  },
};

const CHANNELS: ContactChannel[] = ['phone', 'phone', 'phone', 'chat', 'wechat', 'email'];

/** The demo generator's deterministic stream (mulberry32). */
export function rng(seed: number): () => number {
  const random = new DemoRandom(seed);
  return () => random.next();
}

/**
 * The text as one flat string, as a turn read from a file or the database is: the corpus builds
 * its sentences by concatenation, and V8 would otherwise leave a rope for the scorer's first
 * read to flatten (a cost no imported turn has).
 */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Contact number `index` of the corpus (the same for every caller). */
export function generatedContact(index: number): Contact {
  const r = rng(index * 2654435761 + 17);
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)];
  const lang: Lang = r() < 0.45 ? 'cn' : r() < 0.55 ? 'hk' : 'en';
  const p = PHRASES[lang];
  const good = r() < 0.7;
  const channel = pick(CHANNELS);
  const turns: Turn[] = [];
  let offset = r() < 0.9 ? 0 : null;
  const say = (speaker: Turn['speaker'], text: string) => {
    turns.push({ seq: turns.length, offsetS: offset, speaker, text: flat(text) });
    if (offset !== null) offset += Math.round(3 + r() * (channel === 'phone' ? 20 : 70));
  };
  const sentences = (pool: string[], n: number) => Array.from({ length: n }, () => pick(pool)).join(lang === 'en' ? ' ' : '');

  if (channel !== 'phone' && r() < 0.5) say('system', 'Customer joined the conversation.');
  if (channel !== 'phone') say('customer', sentences(p.customer, 1));
  say('agent', good || r() < 0.4 ? `${pick(p.greeting)}${r() < 0.3 ? sentences(p.agent, 1) : ''}` : sentences(p.agent, 1));
  const middle = 4 + Math.floor(r() * 9);
  const complaint = r() < 0.25;
  for (let k = 0; k < middle; k++) {
    if (k % 2 === 0) say('customer', complaint && k === 2 ? pick(p.complaint) : sentences(p.customer, 1 + Math.floor(r() * 2)));
    else {
      let text = sentences(p.agent, 1 + Math.floor(r() * 2));
      if (complaint && k === 3 && (good || r() < 0.3)) text = pick(p.empathy) + text;
      if (!good && r() < 0.15) text += pick(p.forbidden);
      say('agent', text);
    }
  }
  if (r() < (good ? 0.6 : 0.3)) say('agent', pick(p.commitment));
  if (good || r() < 0.3) say('agent', pick(p.closing));
  else say('agent', sentences(p.agent, 1));
  if (r() < 0.5) say('customer', sentences(p.customer, 1));
  return { channel, turns };
}

/** Contacts from `first` until at least `turns` turns are collected. */
export function generatedBatch(first: number, turns: number): { contacts: Contact[]; turns: number; next: number } {
  const contacts: Contact[] = [];
  let count = 0;
  let i = first;
  while (count < turns) {
    const c = generatedContact(i++);
    contacts.push(c);
    count += c.turns.length;
  }
  return { contacts, turns: count, next: i };
}
