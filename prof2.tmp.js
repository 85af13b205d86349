const {generatedBatch}=require('./dist/bench/autoqa-corpus.js');
const N=require('./dist/server/modules/autoqa/domain/normalise-text.js');
const {compileRuleSet}=require('./dist/server/modules/autoqa/domain/compile-rule-set.js');
const {scoreContact}=require('./dist/server/modules/autoqa/domain/score-contact.js');
const {DEFAULT_RULE_SET}=require('./dist/server/modules/autoqa/domain/default-rule-set.js');
const {naiveScorer}=require('./dist/bench/autoqa-naive.js');
const b=generatedBatch(0,100000); const contacts=b.contacts; const texts=contacts.flatMap(c=>c.turns.map(t=>t.text));
const cs=compileRuleSet(DEFAULT_RULE_SET); const naive=naiveScorer(DEFAULT_RULE_SET);
function time(name,fn,arr,reps=5){let best=1e9;for(let r=0;r<reps;r++){const u0=process.cpuUsage();let x=0;for(const t of arr)x+=fn(t)?1:0;const u=process.cpuUsage(u0);best=Math.min(best,(u.user+u.system)/texts.length);}console.log(name.padEnd(22),best.toFixed(3),'us/turn');return best;}
time('normalise all turns',t=>N.normaliseIntoScratch(t).m,texts);
const a=time('score',c=>scoreContact(cs,c).score,contacts);
const n=time('naive',c=>naive(c).score,contacts,3);
console.log('ratio',(n/a).toFixed(2));
