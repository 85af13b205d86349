const {generatedBatch}=require('./dist/bench/autoqa-corpus.js');
const N=require('./dist/server/modules/autoqa/domain/normalise-text.js');
const F=require('./dist/server/modules/autoqa/domain/opencc-fold.js');
const pc=F.foldChinese.perCharacter();
const b=generatedBatch(0,100000); const texts=b.contacts.flatMap(c=>c.turns.map(t=>t.text));
const cn=texts.filter(t=>!/^[\x00-\x7f]*$/.test(t)&&!/[們嘅唔係咗喺]/.test(t));
const groups={full:[],map:[],none:[]};
for(const t of cn){const cps=Int32Array.from(t.normalize('NFKC').toLowerCase(),c=>c.codePointAt(0));let f=0;for(const c of cps)f|=pc.flags[c]; if(f&4||((f&2)&&pc.longerMayMatch(cps,cps.length)))groups.full.push(t); else if(f&1)groups.map.push(t); else groups.none.push(t);}
function time(name,arr,fn){let best=1e9;let chars=0;for(const t of arr)chars+=t.length;for(let r=0;r<7;r++){const u0=process.cpuUsage();let x=0;for(const t of arr)x+=fn(t);const u=process.cpuUsage(u0);best=Math.min(best,(u.user+u.system));}console.log(name.padEnd(12),arr.length,(best/arr.length).toFixed(3),'us/turn',(best*1000/chars).toFixed(1),'ns/char');}
for(const [n,a] of Object.entries(groups)){time(n+' fast',a,t=>N.normaliseIntoScratch(t).m);}
console.log(groups.full.slice(0,5));
