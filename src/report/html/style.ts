/**
 * The page's one stylesheet. Colours keep 4.5:1 contrast or better (text and badges), the
 * findings table turns into stacked cards below 640 px (375 px phones), and print drops the
 * controls and keeps rows whole.
 */
export const STYLE = `
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2939;background:#fff}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 16px}
header{padding-top:16px}
h1{font-size:1.5rem;margin:.5rem 0;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid #d0d5dd;padding-bottom:.25rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem;overflow-wrap:anywhere}
a{color:#0b57d0}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em;overflow-wrap:anywhere}
.muted{color:#475467}
nav ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:.5rem 0;list-style:none}
.cards li{border:1px solid #d0d5dd;border-radius:6px;padding:.35rem .75rem;min-width:6.5rem}
.cards strong{display:block;font-size:1.35rem}
.sev{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:600;font-size:.8rem;letter-spacing:.02em;white-space:nowrap}
.sev-critical{background:#7a0916;color:#fff}
.sev-high{background:#b42318;color:#fff}
.sev-medium{background:#fdb022;color:#1a1a1a}
.sev-low{background:#175cd3;color:#fff}
.sev-negligible{background:#d0d5dd;color:#1a1a1a}
.sev-unknown{background:#eaecf0;color:#1a1a1a}
.origin-base{font-weight:600;color:#475467}
.origin-user{font-weight:600;color:#1d2939}
.warn{border-left:4px solid #b54708;background:#fffaeb;padding:.5rem .75rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #d0d5dd;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#f2f4f7;position:sticky;top:0}
td.num,th.num{text-align:right}
th button.sort{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer;text-align:left}
th[aria-sort=ascending] button.sort::after{content:" \\25B2"}
th[aria-sort=descending] button.sort::after{content:" \\25BC"}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.75rem 0;padding:.5rem .75rem;background:#f9fafb;border:1px solid #d0d5dd;border-radius:6px}
form.filters label{display:flex;flex-direction:column;font-size:.875rem;font-weight:600;max-width:100%}
form.filters label.check{flex-direction:row;align-items:center;gap:.35rem}
form.filters input,form.filters select{max-width:100%;font:inherit;padding:.2rem .35rem;border:1px solid #667085;border-radius:4px;min-height:2rem}
details summary{cursor:pointer}
pre.cmd{background:#f2f4f7;padding:.5rem .75rem;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:640px){
  body{font-size:14px}
  table.stack thead tr{position:absolute;top:-9999px;left:-9999px}
  table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
  table.stack tr{border:1px solid #d0d5dd;border-radius:6px;margin:.5rem 0;padding:.25rem .5rem}
  table.stack td{border:0;padding:.15rem 0;display:grid;grid-template-columns:7.5rem 1fr;gap:.5rem}
  table.stack td::before{content:attr(data-label);font-weight:600;color:#475467}
  table.stack td.num{text-align:left}
}
@media print{
  form.filters,#download-json,nav{display:none!important}
  body{font-size:11px}
  a{color:#000}
  thead th{position:static}
  tr,li{break-inside:avoid}
  h2{break-after:avoid}
  .sev{border:1px solid #000}
}
`;
