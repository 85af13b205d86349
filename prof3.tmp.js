const {generatedBatch}=require('./dist/bench/autoqa-corpus.js');
const N=require('./dist/server/modules/autoqa/domain/normalise-text.js');
const F=require('./dist/server/modules/autoqa/domain/opencc-fold.js');
const b=generatedBatch(0,100000); const texts=b.contacts.flatMap(c=>c.turns.map(t=>t.text));
function time(name,fn){let best=1e9;for(let r=0;r<7;r++){const u0=process.cpuUsage();let x=0;for(const t of texts)x+=fn(t);const u=process.cpuUsage(u0);best=Math.min(best,(u.user+u.system)/texts.length);}console.log(name.padEnd(20),best.toFixed(3),'us/turn (cpu, best of 7)');}
const cps=new Int32Array(20000);
time('reference',t=>N.referenceNormalise(t).length);
time('scratch',t=>N.normaliseIntoScratch(t).m);
time('nfkc+lower',t=>t.normalize('NFKC').toLowerCase().length);
time('cp loop',t=>{let n=0;for(let i=0;i<t.length;i++){cps[n++]=t.charCodeAt(i);}return n;});
time('cp loop + fold',t=>{let n=0;for(let i=0;i<t.length;i++){cps[n++]=t.charCodeAt(i);}F.foldChinese.inPlace(cps,n,false);return n;});
