const {generatedBatch}=require('./dist/bench/autoqa-corpus.js');
const {compileRuleSet}=require('./dist/server/modules/autoqa/domain/compile-rule-set.js');
const {scoreContact}=require('./dist/server/modules/autoqa/domain/score-contact.js');
const {DEFAULT_RULE_SET}=require('./dist/server/modules/autoqa/domain/default-rule-set.js');
const b=generatedBatch(0,100000); const contacts=b.contacts; const T=contacts.reduce((a,c)=>a+c.turns.length,0);
function time(name,rules){const cs=compileRuleSet(rules);let best=1e9;for(let r=0;r<5;r++){const u0=process.cpuUsage();for(const c of contacts)scoreContact(cs,c);const u=process.cpuUsage(u0);best=Math.min(best,(u.user+u.system)/T);}console.log(name.padEnd(22),best.toFixed(3),'us/turn');}
time('all',DEFAULT_RULE_SET);
time('no pattern',DEFAULT_RULE_SET.filter(r=>r.kind!=='pattern'));
time('no conditional',DEFAULT_RULE_SET.filter(r=>r.kind!=='conditional'));
time('forbidden only',DEFAULT_RULE_SET.filter(r=>r.kind==='forbidden'));
