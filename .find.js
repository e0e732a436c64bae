const fs=require('fs');const path=require('path');
const src=fs.readFileSync('apps/api/src/system/problem-language.ts','utf8');
const block=src.slice(src.indexOf('const DETAILS'), src.indexOf('const roleEn'));
const keys=[...block.matchAll(/^\s+(?:'((?:[^'\\]|\\.)*)'|([^\s:'{}]+)):/gm)].map(m=>m[1]??m[2]).filter(k=>k && /\p{Script=Han}/u.test(k));
const walk=(d)=>fs.readdirSync(d).flatMap(n=>{const p=path.join(d,n); if(['node_modules','dist','console'].includes(n))return[]; return fs.statSync(p).isDirectory()?walk(p):/(?<!\.spec)\.ts$/.test(n)&&!p.endsWith('problem-language.ts')?[p]:[]});
const files=[...walk('apps'),...walk('libs')].map(p=>({p,t:fs.readFileSync(p,'utf8').split('\n')}));
for(const k of keys){const hits=[];for(const f of files)f.t.forEach((l,i)=>{if(l.includes(k))hits.push(`${f.p}:${i+1}`)});console.log(`${hits.length} ${k.slice(0,30)} :: ${hits.join(' ')}`)}
