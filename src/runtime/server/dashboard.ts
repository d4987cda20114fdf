/**
 * The dashboard: one static page over the JSON API (/api/targets, /api/findings, /api/alerts),
 * refreshed every 5 seconds. Text goes in with textContent only, so no provider output can inject markup.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tripline</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1d2327}h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e5e8;vertical-align:top}
th{background:#f4f5f7}.critical{color:#b3261e;font-weight:600}.warning{color:#9a6700;font-weight:600}.info{color:#57606a}
small{color:#57606a}code{font-size:12px}
</style></head><body>
<h1>tripline <small id="updated"></small></h1>
<h2>Open alerts</h2><table id="alerts"><thead><tr><th>severity</th><th>kind</th><th>target</th><th>canary</th><th>summary</th><th>opened</th></tr></thead><tbody></tbody></table>
<h2>Targets</h2><table id="targets"><thead><tr><th>target</th><th>canary</th><th>last result</th><th>last run</th><th>findings</th></tr></thead><tbody></tbody></table>
<h2>Recent findings</h2><table id="findings"><thead><tr><th>severity</th><th>kind</th><th>target</th><th>canary</th><th>summary</th><th>action</th><th>at</th></tr></thead><tbody></tbody></table>
<p><small><a href="/metrics">/metrics</a> · <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></small></p>
<script>
const cell=(tr,v,cls)=>{const td=document.createElement('td');td.textContent=v==null?'':String(v);if(cls)td.className=cls;tr.appendChild(td);};
const fill=(id,rows,cols)=>{const tb=document.querySelector('#'+id+' tbody');tb.replaceChildren();for(const r of rows){const tr=document.createElement('tr');for(const c of cols)cell(tr,c(r),c===cols[0]?String(c(r)):'');tb.appendChild(tr);}};
const get=(p)=>fetch(p).then(r=>r.json()).catch(()=>[]);
const pick=(o,...ks)=>{for(const k of ks){if(o&&o[k]!=null)return o[k];}return '';};
async function refresh(){
  const [alerts,targets,findings]=await Promise.all([get('/api/alerts'),get('/api/targets'),get('/api/findings')]);
  const f=(a)=>a.finding||a;
  fill('alerts',[].concat(alerts),[a=>f(a).severity,a=>f(a).kind,a=>f(a).target,a=>f(a).canary,a=>f(a).summary,a=>pick(a,'openedAt','opened_at')]);
  fill('targets',[].concat(targets),[t=>t.target,t=>t.canary,t=>pick(t,'lastResult','result'),t=>pick(t,'lastRunAt','lastRun'),t=>pick(t,'lastFindings')]);
  fill('findings',[].concat(findings).slice(0,100),[x=>x.severity,x=>x.kind,x=>x.target,x=>x.canary,x=>x.summary,x=>x.action,x=>x.detectedAt]);
  document.getElementById('updated').textContent='updated '+new Date().toLocaleTimeString();
}
refresh();setInterval(refresh,5000);
</script></body></html>
`;
