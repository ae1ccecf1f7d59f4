// The tables of a bench/gateway.sh result folder: node combine.mjs <OUT>   (reads OUT/modelport, OUT/nginx and
// OUT/portkey, whichever ran). Added latency is each subject's p50 minus the direct p50 measured in the same run,
// right before it. The second table sets Modelport against nginx as a plain reverse proxy, the limit reference.
import fs from 'node:fs';
const dir = process.argv[2];
const load = (g) => {
  const d = `${dir}/${g}`;
  if (!fs.existsSync(`${d}/results.jsonl`)) return null;
  const lines = (f) => fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
  const env = fs.readFileSync(`${d}/env.txt`, 'utf8');
  const kv = (k) => Number((env.match(new RegExp(`${k}=(\\d+)`)) || [])[1]);
  return { env, rows: lines(`${d}/results.jsonl`).map(JSON.parse), ttft: lines(`${d}/ttft.jsonl`).map(JSON.parse),
    startupMs: kv('startup_ms'), finalRssKb: kv('final_rss_kb') };
};
const mp = load('modelport'), pk = load('portkey'), nx = load('nginx');
const any = mp ?? pk ?? nx;
if (!any) throw new Error(`no results in ${dir}`);
const f1 = (x) => x.toFixed(1), f2 = (x) => x.toFixed(2), f3 = (x) => x.toFixed(3), dash = '–';
const cell = (g, target, mode, conns) => g?.rows.find((r) => r.target === target && r.mode === mode && r.conns === conns);
const errs = (w) => w.err_connect + w.err_read + w.err_write + w.err_status + w.err_timeout;
const mib = (kb) => f1(kb / 1024);

const envLine = (k) => (any.env.match(new RegExp(`^${k}: (.*)$`, 'm')) || [])[1] ?? '?';
const out = [];
out.push(`Run ${envLine('date')}; ${envLine('cpus').trim()}; ${envLine('pinning')}; ${(any.env.match(/^DUR=.*$/m) || [''])[0]}`);
const runtime = (g) => (g.env.match(/^gateway runtime: (.*)$/m) || [])[1] ?? '?';
if (mp) out.push(`Modelport: ${runtime(mp)}`);
if (pk) out.push(`Portkey: ${runtime(pk)}`);
if (nx) out.push(`nginx reverse proxy: ${runtime(nx)}`);
out.push('');
out.push('| case | direct RPS | Modelport RPS | Portkey RPS | RPS Modelport/Portkey | direct p50 / p99 ms | Modelport p50 / p99 ms | Portkey p50 / p99 ms | added p50 ms Modelport | added p50 ms Portkey | max RSS MiB Modelport | max RSS MiB Portkey | errors direct/Modelport/Portkey |');
out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const keys = [];
for (const g of [mp, nx, pk].filter(Boolean)) for (const r of g.rows) if (r.target === 'direct' && !keys.some((k) => k.mode === r.mode && k.conns === r.conns)) keys.push(r);
const checks = { ratio: [], added: [], ttft: [], rss: [] };
for (const { mode, conns } of keys) {
  const d = cell(mp, 'direct', mode, conns) ?? cell(pk, 'direct', mode, conns) ?? cell(nx, 'direct', mode, conns);
  const m = cell(mp, 'gateway', mode, conns), p = cell(pk, 'gateway', mode, conns);
  const am = m ? m.wrk.p50_ms - cell(mp, 'direct', mode, conns).wrk.p50_ms : null;
  const ap = p ? p.wrk.p50_ms - cell(pk, 'direct', mode, conns).wrk.p50_ms : null;
  const ratio = m && p ? m.wrk.rps / p.wrk.rps : null;
  if (ratio !== null) checks.ratio.push([`${mode} c=${conns}`, ratio]);
  if (am !== null && conns === 1) checks.added.push([`${mode}`, am]);
  if (m) checks.rss.push(m.gw_rss_max_kb);
  const pp = (x) => x ? `${f3(x.wrk.p50_ms)} / ${f3(x.wrk.p99_ms)}` : dash;
  out.push(`| ${mode}, ${conns} conn${conns === 1 ? '' : 's'} | ${f1(d.wrk.rps)} | ${m ? f1(m.wrk.rps) : dash} | ${p ? f1(p.wrk.rps) : dash} | ` +
    `${ratio !== null ? f2(ratio) + '×' : dash} | ${pp(d)} | ${pp(m)} | ${pp(p)} | ${am !== null ? f3(am) : dash} | ${ap !== null ? f3(ap) : dash} | ` +
    `${m ? mib(m.gw_rss_max_kb) : dash} | ${p ? mib(p.gw_rss_max_kb) : dash} | ${errs(d.wrk)}/${m ? errs(m.wrk) : dash}/${p ? errs(p.wrk) : dash} |`);
}
const tt = (g, label) => g?.ttft.find((x) => x.label === label);
for (const [suffix, title] of [['', 'CPUs kept awake'], ['-idle', 'CPUs idle between chunks']]) {
  const td = tt(mp, 'direct' + suffix) ?? tt(pk, 'direct' + suffix) ?? tt(nx, 'direct' + suffix), tm = tt(mp, 'gateway' + suffix), tp = tt(pk, 'gateway' + suffix);
  if (!td) continue;
  const over = (g, t) => t ? t.ttft_p50_ms - tt(g, 'direct' + suffix).ttft_p50_ms : null;
  const om = over(mp, tm), op = over(pk, tp);
  if (om !== null && suffix === '') checks.ttft.push(om);
  const tf = (x) => x ? `${f2(x.ttft_p50_ms)} / ${f2(x.ttft_p99_ms)}` : dash;
  const overall = (g) => g ? mib(Math.max(g.finalRssKb || 0, ...g.rows.filter((r) => r.target === 'gateway').map((r) => r.gw_rss_max_kb))) : dash;
  out.push(`| stream time to first token, ${title} (sequential, n=${td.n}; p50 / p99 ms, overhead = added p50) | ${dash} | ${dash} | ${dash} | ${dash} | ${tf(td)} | ${tf(tm)} | ${tf(tp)} | ` +
    `${om !== null ? f2(om) : dash} | ${op !== null ? f2(op) : dash} | ${overall(mp)} (whole run) | ${overall(pk)} (whole run) | ${dash} |`);
}
out.push('');
if (mp) {
  const ok = (b) => (b ? 'met' : '**missed**');
  const lines = [];
  if (checks.ratio.length) {
    const min = Math.min(...checks.ratio.map((x) => x[1]));
    lines.push(`- RPS ≥ 5× Portkey: ${ok(min >= 5)} (${checks.ratio.map(([k, v]) => `${k} ${f2(v)}×`).join(', ')})`);
  }
  if (checks.added.length) lines.push(`- added p50 < 0.3 ms at 1 connection: ${ok(checks.added.every((x) => x[1] < 0.3))} (${checks.added.map(([k, v]) => `${k} ${f3(v)} ms`).join(', ')})`);
  if (checks.ttft.length) lines.push(`- streaming first-token overhead < 1 ms (CPUs kept awake): ${ok(checks.ttft[0] < 1)} (${f2(checks.ttft[0])} ms p50)`);
  const rssMax = Math.max(mp.finalRssKb || 0, ...checks.rss);
  lines.push(`- RSS < 300 MB under load: ${ok(rssMax < 300 * 1e6 / 1024)} (max ${mib(rssMax)} MiB)`);
  lines.push(`- Modelport gateway startup (exec to ready): ${mp.startupMs} ms`);
  out.push('Targets for Modelport:', ...lines);
}
if (mp && nx) {
  // Issue 15's goals: within reach of what one core does for a request it only forwards.
  const added = (g, mode, conns) => cell(g, 'gateway', mode, conns).wrk.p50_ms - cell(g, 'direct', mode, conns).wrk.p50_ms;
  out.push('', '| case | nginx RPS | Modelport RPS | Modelport / nginx RPS | added p50 ms nginx | added p50 ms Modelport | Modelport / nginx added p50 |', '|---|---|---|---|---|---|---|');
  const goals = [];
  for (const { mode, conns } of keys) {
    const m = cell(mp, 'gateway', mode, conns), n = cell(nx, 'gateway', mode, conns);
    if (!m || !n) continue;
    const rps = m.wrk.rps / n.wrk.rps, an = added(nx, mode, conns), am = added(mp, mode, conns);
    out.push(`| ${mode}, ${conns} conn${conns === 1 ? '' : 's'} | ${f1(n.wrk.rps)} | ${f1(m.wrk.rps)} | ${f2(rps)}× | ${f3(an)} | ${f3(am)} | ${f2(am / an)}× |`);
    if (conns === 16) goals.push([`${mode} at 16 connections: ≥ ${mode === 'json' ? '0.40' : '0.35'}× nginx's RPS`, rps >= (mode === 'json' ? 0.4 : 0.35), `${f2(rps)}×`]);
    if (conns === 1) goals.push([`${mode} at 1 connection: added p50 ≤ 1.3× nginx's`, am <= 1.3 * an, `${f2(am / an)}× (${f3(am)} vs ${f3(an)} ms)`]);
  }
  const tm = tt(mp, 'gateway'), td = tt(mp, 'direct');
  if (tm && td) {
    const p50 = tm.ttft_p50_ms - td.ttft_p50_ms, p99 = tm.ttft_p99_ms - td.ttft_p99_ms;
    goals.push(['time-to-first-token overhead ≤ 0.3 ms p50 and ≤ 2 ms p99 (CPUs kept awake)', p50 <= 0.3 && p99 <= 2, `${f2(p50)} / ${f2(p99)} ms`]);
  }
  out.push('', 'Goals against the plain reverse proxy (issue 15):', ...goals.map(([k, met, v]) => `- ${k}: ${met ? 'met' : '**missed**'} (${v})`));
}
console.log(out.join('\n'));
