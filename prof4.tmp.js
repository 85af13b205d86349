const {generatedBatch}=require('./dist/bench/autoqa-corpus.js');
const N=require('./dist/server/modules/autoqa/domain/normalise-text.js');
const b=generatedBatch(0,100000); const texts=b.contacts.flatMap(c=>c.turns.map(t=>t.text));
const en=texts.filter(t=>/^[\x00-\x7f]*$/.test(t)), hk=texts.filter(t=>/[們嘅唔係咗喺]/.test(t)), cn=texts.filter(t=>!en.includes(t)&&!hk.includes(t));
function time(name,arr,fn){let best=1e9;let chars=0;for(const t of arr)chars+=t.length;for(let r=0;r<7;r++){const u0=process.cpuUsage();let x=0;for(const t of arr)x+=fn(t);const u=process.cpuUsage(u0);best=Math.min(best,(u.user+u.system));}console.log(name.padEnd(12),arr.length,(best/arr.length).toFixed(3),'us/turn',(best*1000/chars).toFixed(1),'ns/char');}
for(const [n,a] of [['en',en],['cn',cn],['hk',hk]]){time(n+' ref',a,t=>N.referenceNormalise(t).length);time(n+' fast',a,t=>N.normaliseIntoScratch(t).m);}
