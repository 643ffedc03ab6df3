/**
 * `GET /ui`: one self-contained HTML page (no external CSS, script or font) showing every host
 * by role group, its phase, since when, its last message and its phase timeline; a failed host
 * shows what its report said (the failing unit, its journal lines). The page is rendered here,
 * complete, so it reads right without JavaScript; its small script then follows `/ui/events`
 * (server-sent events), whose `host` events carry the re-rendered HTML of one host and whose
 * `summary` events the summary line. One renderer, so the live page and a reload never differ.
 * Everything a host sent is escaped.
 */
import type { Json } from '../state/channel.js';
import type { StatusDocument, StatusHost, StatusSummary } from './status-doc.js';
import { groupByRole } from './status-doc.js';

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** `2026-12-02T13:05:09.123Z` -> `13:05:09` (UTC, with the full time in the title). */
function time(iso: string): string {
  if (iso === '') return '<span class="none">never</span>';
  const shown = /T(\d\d:\d\d:\d\d)/.exec(iso)?.[1] ?? iso;
  return `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(iso)}">${escapeHtml(shown)}</time>`;
}

function isLines(value: Json): value is string[] {
  return Array.isArray(value) && value.every((line) => typeof line === 'string');
}

/** A component's value: short scalars inline, lines (a list of strings, or text with newlines) as a block. */
function componentValue(value: Json): string {
  if (isLines(value)) return `<pre>${escapeHtml(value.join('\n'))}</pre>`;
  if (typeof value === 'string')
    return value.includes('\n') ? `<pre>${escapeHtml(value)}</pre>` : escapeHtml(value);
  return `<code>${escapeHtml(JSON.stringify(value))}</code>`;
}

function components(host: StatusHost): string {
  const entries = Object.entries(host.components);
  if (entries.length === 0) return '';
  const items = entries.map(
    ([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${componentValue(value)}</dd>`,
  );
  return `<dl class="components">${items.join('')}</dl>`;
}

function timeline(host: StatusHost): string {
  if (host.timeline.length === 0) return '';
  const steps = host.timeline.map(
    (step) =>
      `<li class="phase-${escapeHtml(step.phase)}" title="${escapeHtml(step.message)}">${escapeHtml(step.phase)} ${time(step.at)}</li>`,
  );
  return `<ol class="timeline">${steps.join('')}</ol>`;
}

/** One host: its row, and for a failed host the lines its report carried. Replaced whole by a `host` event. */
export function renderHost(host: StatusHost): string {
  const id = `host-${host.name}`;
  const firstLine = host.message.split('\n')[0] ?? '';
  const boot = host.bootLocal
    ? '<span class="boot" title="serve answers its boot entries with a local-disk boot">disk</span>'
    : '<span class="boot installer" title="serve hands it the installer">installer</span>';
  const row = [
    `<tr class="host phase-${escapeHtml(host.phase)}">`,
    `<th scope="row" class="name">${escapeHtml(host.name)}</th>`,
    `<td class="phase"><span class="badge">${escapeHtml(host.phase)}</span></td>`,
    `<td class="since">${time(host.since)}</td>`,
    `<td class="boots">${boot}</td>`,
    `<td class="message">${escapeHtml(firstLine)}</td>`,
    `<td class="steps">${timeline(host)}</td>`,
    '</tr>',
  ].join('');
  const failure =
    host.phase === 'failed'
      ? `<tr class="failure"><td colspan="6"><div class="failure-title">${escapeHtml(host.name)} failed: ${escapeHtml(firstLine)}</div>${host.message.includes('\n') ? `<pre>${escapeHtml(host.message)}</pre>` : ''}${components(host)}</td></tr>`
      : host.phase === 'ready' && Object.keys(host.components).length > 0
        ? `<tr class="detail"><td colspan="6">${components(host)}</td></tr>`
        : '';
  return `<tbody id="${escapeHtml(id)}" data-phase="${escapeHtml(host.phase)}">${row}${failure}</tbody>`;
}

export function renderSummary(summary: StatusSummary): string {
  return `<p id="summary" class="${summary.phases.failed > 0 ? 'has-failed' : ''}">${escapeHtml(summary.text)}</p>`;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2327;background:#fafafa}
h1{font-size:1.3rem;margin:0 0 .3rem}h2{font-size:1.05rem;margin:1.4rem 0 .4rem}
#summary{font-size:1.1rem;font-weight:600}#summary.has-failed{color:#b32d2e}
#live{color:#646970;font-size:.85rem}#live.down{color:#b32d2e}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #e2e4e7;vertical-align:top}
thead th{font-size:.8rem;color:#646970;font-weight:600}
.badge{display:inline-block;padding:0 .5rem;border-radius:.7rem;background:#dcdcde;font-weight:600}
.phase-installing .badge{background:#f0c33c}.phase-installed .badge{background:#72aee6}
.phase-booted .badge{background:#9ec2e6}.phase-ready .badge{background:#68de7c}
.phase-failed .badge{background:#f86368;color:#fff}.phase-pending .badge{background:#dcdcde}
.boot{font-size:.8rem;color:#646970}.boot.installer{color:#996800}
.none{color:#a7aaad}
ol.timeline{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem .8rem;font-size:.8rem;color:#50575e}
ol.timeline li+li:before{content:"\\2192  ";color:#a7aaad}
tr.failure td{background:#fcf0f1}.failure-title{font-weight:600;color:#b32d2e}
pre{margin:.3rem 0;padding:.4rem;background:#1d2327;color:#f0f0f1;font-size:.8rem;overflow-x:auto;white-space:pre-wrap}
dl.components{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0;font-size:.85rem}
dt{font-weight:600}dd{margin:0}
`;

/** Replaces a host's tbody and the summary as events arrive; says when the stream is down. */
const SCRIPT = `
(function () {
  var live = document.getElementById('live');
  if (!window.EventSource) { live.textContent = 'no live updates in this browser: reload to refresh'; return; }
  var source = new EventSource('ui/events');
  function swap(id, html) {
    var old = document.getElementById(id);
    if (!old) { location.reload(); return; }
    var holder = document.createElement(old.tagName === 'TBODY' ? 'table' : 'div');
    holder.innerHTML = html;
    var fresh = holder.querySelector('#' + CSS.escape(id));
    if (fresh) old.replaceWith(fresh);
  }
  source.addEventListener('host', function (e) { var d = JSON.parse(e.data); swap('host-' + d.name, d.html); });
  source.addEventListener('summary', function (e) { swap('summary', JSON.parse(e.data).html); });
  source.addEventListener('reload', function () { location.reload(); });
  source.onopen = function () { live.textContent = 'live'; live.className = ''; };
  source.onerror = function () { live.textContent = 'reconnecting to the boot server...'; live.className = 'down'; };
})();
`;

export function renderPage(status: StatusDocument, title: string): string {
  const groups = groupByRole(status.hosts).map(
    ([group, hosts]) =>
      `<section class="role"><h2>${escapeHtml(group)} <small>(${hosts.length})</small></h2><table><thead><tr><th>host</th><th>phase</th><th>since (UTC)</th><th>boots</th><th>last message</th><th>timeline</th></tr></thead>${hosts.map(renderHost).join('')}</table></section>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    renderSummary(status.summary),
    '<p id="live">connecting...</p>',
    ...groups,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
