/** The HTML report's inline style and script; kept apart so html.ts reads as layout. */
export const HTML_STYLE = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#d9dee7; --bg:#f6f7f9; --card:#fff;
  --critical:#b3122e; --high:#d9480f; --medium:#b08800; --low:#1c6dd0; --info:#6b7280; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:var(--fg); background:var(--bg); }
header { display:flex; gap:20px; align-items:center; padding:24px 32px; background:var(--card);
  border-bottom:1px solid var(--line); }
header h1 { margin:0; font-size:22px; }
header p { margin:4px 0; }
.target code { font-size:15px; }
.meta { color:var(--muted); font-size:13px; }
.cap { color:var(--critical); font-weight:600; font-size:14px; }
.grade { width:84px; height:84px; border-radius:16px; display:flex; align-items:center;
  justify-content:center;
  font-size:52px; font-weight:800; color:#fff; flex:none; }
.grade-A { background:#1f8a4c; } .grade-B { background:#5c9c2a; } .grade-C { background:#c48a00; }
.grade-D { background:#d9480f; } .grade-F { background:#b3122e; }
main { max-width:1100px; margin:0 auto; padding:8px 32px 40px; }
h2 { font-size:18px; margin:28px 0 12px; }
section { margin-bottom:8px; }
.counts { display:flex; gap:10px; list-style:none; padding:0; margin:0 0 14px; flex-wrap:wrap; }
.counts li { background:var(--card); border:1px solid var(--line); border-radius:8px;
  padding:4px 12px; font-size:14px; }
.counts li.sev-critical b { color:var(--critical); } .counts li.sev-high b { color:var(--high); }
.counts li.sev-medium b { color:var(--medium); } .counts li.sev-low b { color:var(--low); }
.bars { background:var(--card); border:1px solid var(--line); border-radius:10px;
  padding:12px 16px; }
.bar-row { display:grid; grid-template-columns:170px 1fr 110px; gap:12px; align-items:center;
  padding:3px 0; font-size:14px; }
.bar { height:10px; background:#e8ebf0; border-radius:5px; overflow:hidden; }
.fill { display:block; height:100%; }
.fill.good { background:#1f8a4c; }
.fill.fair { background:#c48a00; }
.fill.poor { background:#b3122e; } .fill.na { background:transparent; }
.bar-value { color:var(--muted); text-align:right; }
.finding { background:var(--card); border:1px solid var(--line); border-left:6px solid var(--info);
  border-radius:10px; padding:14px 20px; margin:0 0 16px; }
.finding.sev-critical { border-left-color:var(--critical); }
.finding.sev-high { border-left-color:var(--high); }
.finding.sev-medium { border-left-color:var(--medium); }
.finding.sev-low { border-left-color:var(--low); }
.finding h3 { margin:0 0 4px; font-size:17px; }
.badge { display:inline-block; text-transform:uppercase; font-size:11px; letter-spacing:.05em;
  color:#fff;
  padding:2px 8px; border-radius:4px; vertical-align:2px; background:var(--info); }
.badge.sev-critical { background:var(--critical); } .badge.sev-high { background:var(--high); }
.badge.sev-medium { background:var(--medium); } .badge.sev-low { background:var(--low); }
.where code { font-size:14px; } .tags { color:var(--muted); font-size:13px; margin-top:0; }
.basis { font-size:14px; color:var(--muted); }
summary { cursor:pointer; font-weight:600; margin:6px 0; }
.exchange { margin:8px 0 12px; }
.xlabel { font-size:13px; margin-bottom:4px; }
.role { text-transform:uppercase; font-size:11px; font-weight:700;
  letter-spacing:.05em; background:#eef1f6; padding:1px 6px; border-radius:4px; margin-right:6px; }
.role-probe .role { background:#fde8ea; color:var(--critical); }
.ms { color:var(--muted); }
.pair { display:grid; grid-template-columns:1fr 1fr; gap:8px; }
pre { margin:0; padding:10px 12px; background:#0f1623; color:#dbe2ee; border-radius:8px;
  font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
  white-space:pre-wrap; word-break:break-all; overflow:auto; }
.rl { color:#fff; font-weight:700; } .hn { color:#8fb8ff; } .body { color:#c8e6a0; }
.st-2 { color:#7ee2a8; } .st-4 { color:#ffb86b; } .st-5 { color:#ff7a85; } .st-x { color:#ff7a85; }
.reproduce, .fixes { margin-top:12px; }
.cmd { position:relative; margin-top:6px; } .cmd pre { padding-right:80px; }
.copy { position:absolute; top:6px; right:6px; font:inherit; font-size:12px; padding:3px 10px;
  border-radius:6px;
  border:1px solid #3a4560; background:#1d2738; color:#dbe2ee; cursor:pointer; }
.fix { border:1px solid var(--line); border-radius:8px; padding:0 12px; margin:6px 0; }
.fix[open] { padding-bottom:10px; }
.src { font-weight:400; color:var(--muted); font-size:12px; margin-left:6px; }
.code { background:#f3f5f9; color:#1d2330; border:1px solid var(--line); }
.coverage table { border-collapse:collapse; width:100%; background:var(--card); font-size:13px; }
.coverage th, .coverage td { border:1px solid var(--line); padding:4px 8px; text-align:left; }
.cov-found { background:#fde8ea; color:var(--critical); font-weight:600; }
.cov-ran { color:#1f8a4c; }
.cov-skipped { color:var(--muted); } .cov-failed { color:var(--high); }
.none { font-size:16px; color:#1f8a4c; font-weight:600; }
@media print {
  body { background:#fff; font-size:12px; } header { border:0; padding:0 0 12px; }
  main { padding:0; max-width:none; } .copy { display:none; }
  pre { background:#f3f5f9; color:#1d2330; border:1px solid var(--line); }
  .rl, .hn, .body, .st-2, .st-4, .st-5, .st-x { color:inherit; }
  .pair { grid-template-columns:1fr; } .exchange, .fix, .bars, tr { break-inside:avoid; }
  h2, h3, .xlabel { break-after:avoid; }
  .grade { -webkit-print-color-adjust:exact; print-color-adjust:exact; }
}
`;

export const HTML_SCRIPT = `
document.querySelectorAll('button.copy').forEach(function (button) {
  button.addEventListener('click', function () {
    var text = button.parentElement.querySelector('code').textContent;
    var done = function () {
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = 'Copy'; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  });
});
function fallback(text) {
  var area = document.createElement('textarea');
  area.value = text; document.body.appendChild(area); area.select();
  try { document.execCommand('copy'); } catch (e) { /* the text stays selectable */ }
  area.remove();
}
// Printing shows everything: folded evidence and fixes open first.
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('details').forEach(function (d) { d.setAttribute('open', ''); });
});
`;
