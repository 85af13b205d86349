const {generatedBatch}=require('./dist/bench/autoqa-corpus.js');
const N=require('./dist/server/modules/autoqa/domain/normalise-text.js');
const F=require('./dist/server/modules/autoqa/domain/opencc-fold.js');
const b=generatedBatch(0,100000); const texts=b.contacts.flatMap(c=>c.turns.map(t=>t.text));
let chars=0; for(const t of texts) chars+=t.length;
console.log('turns',texts.length,'avg chars',(chars/texts.length).toFixed(1));
function time(name,fn){for(let r=0;r<2;r++){const t0=process.hrtime.bigint();let x=0;for(const t of texts)x+=fn(t);const ms=Number(process.hrtime.bigint()-t0)/1e6;if(r)console.log(name,(ms*1000/texts.length).toFixed(2),'us/turn');}}
time('reference',t=>N.referenceNormalise(t).length);
time('scratch',t=>N.normaliseIntoScratch(t).m);
time('nfkc+lower',t=>t.normalize('NFKC').toLowerCase().length);
const cps=new Int32Array(20000);
time('fold only',t=>{let n=0;for(const c of t){cps[n++]=c.codePointAt(0);}F.foldChinese.inPlace(cps,n);return n;});
time('cp loop only',t=>{let n=0;for(const c of t){cps[n++]=c.codePointAt(0);}return n;});
const st=[]; 
// instrument: time passes by monkeypatching Stage via loadStages
