const O=require('opencc-js');
const {generatedContact}=require('./dist/bench/autoqa-corpus.js');
const N=require('./dist/server/modules/autoqa/domain/normalise-text.js');
const cfgs=['hk2s','tw2s'].map(n=>O.Locale.configs[n]);
function eff(groups){const single=new Set(), multi=new Map();for(const g of groups)for(const d of g){for(const l of d.split('|')){const [k,v]=l.split(' ');const ks=[...k];if(k===v)continue;if(ks.length===1)single.add(ks[0]);else{if(!multi.has(ks[0]))multi.set(ks[0],new Set());multi.get(ks[0]).add(ks[1]);}}}return {single,multi};}
const E=cfgs.map(c=>eff([...c.normalizationChain,...c.conversionChain]));
const hk=O.Converter({from:'hk',to:'cn'});
let turns=0, need=[0,0], changed=[0,0];
for(let i=0;i<3000;i++){for(const t of generatedContact(i).turns){turns++;let s=t.text.normalize('NFKC').toLowerCase();
 for(let st=0;st<2;st++){const e=E[st];const cs=[...s];let any=false;for(let j=0;j<cs.length;j++){if(e.single.has(cs[j])||(e.multi.has(cs[j])&&j+1<cs.length&&e.multi.get(cs[j]).has(cs[j+1]))){any=true;break;}}if(any)need[st]++;
 const out= st===0? hk(s): O.Converter({from:'tw',to:'cn'})(s); if(out!==s)changed[st]++; s=out;}}}
console.log({turns,need,changed});
