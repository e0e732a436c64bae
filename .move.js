const fs=require('fs');const path=require('path');
const src=fs.readFileSync('apps/api/src/system/problem-language.ts','utf8');
const block=src.slice(src.indexOf('const DETAILS'), src.indexOf('const roleEn'));
const DETAILS=eval('('+block.slice(block.indexOf('{'), block.lastIndexOf('}')+1)+')');
const skip=new Set(['必填','JSON 格式错误','请求体超过允许的大小','请求体不是合法的 JSON','数据库暂时不可用，请稍后重试；您的操作未被保存','参数格式不正确','服务器内部错误，已记录日志']);
const q=(s)=>s.includes("'")?JSON.stringify(s):`'${s}'`;
const walk=(d)=>fs.readdirSync(d).flatMap(n=>{const p=path.join(d,n); if(['node_modules','dist','console'].includes(n))return[]; return fs.statSync(p).isDirectory()?walk(p):/(?<!\.spec)\.ts$/.test(n)&&!p.endsWith('problem-language.ts')?[p]:[]});
for(const f of [...walk('apps'),...walk('libs')]){
  let t=fs.readFileSync(f,'utf8'); const orig=t;
  for(const [zh,en] of Object.entries(DETAILS)){ if(skip.has(zh))continue;
    const lit=q(zh);
    // not already inside {zh: ...}
    t=t.split(lit).map((part,i,arr)=>part).reduce((acc,part,i)=>{ if(i===0)return part; const already=/zh:\s*$/.test(acc); return acc+(already?lit:`{ zh: ${lit}, en: ${q(en)} }`)+part;});
  }
  if(t!==orig){fs.writeFileSync(f,t);console.log(f);}
}
