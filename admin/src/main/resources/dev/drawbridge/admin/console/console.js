'use strict';
// The Drawbridge admin console: a client of the admin API (/api/v1/) with the admin token as a
// bearer token. Every value from the server is put into the page as text (textContent), never as
// HTML: audit events carry paths and user agents that clients chose.
(function () {
  const KEY = 'drawbridge-admin-token';
  const $ = (id) => document.getElementById(id);
  let current = 'overview';
  let params = {};
  const ZONE = (Intl.DateTimeFormat().resolvedOptions().timeZone) || 'UTC';
  const SVG = 'http://www.w3.org/2000/svg';

  /** #/view?key=value: every view and filter has a URL of its own (deep links). */
  function parseHash() {
    const h = location.hash.replace(/^#\/?/, '');
    const q = h.indexOf('?');
    const view = (q < 0 ? h : h.slice(0, q)) || 'overview';
    const p = {};
    new URLSearchParams(q < 0 ? '' : h.slice(q + 1)).forEach((v, k) => {
      p[k] = v;
    });
    return { view: views[view] ? view : 'overview', params: p };
  }

  function link(view, p) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(p || {})) {
      if (v !== undefined && v !== null && String(v).trim() !== '') {
        q.set(k, String(v).trim());
      }
    }
    const qs = q.toString();
    return '#/' + view + (qs ? '?' + qs : '');
  }

  /** Opens a view (with its filters) by changing the URL; the hashchange listener shows it. */
  function go(view, p) {
    const target = link(view, p);
    if (location.hash === target) {
      show(view, p || {});
    } else {
      location.hash = target;
    }
  }

  function when(t) {
    if (!t) {
      return '';
    }
    const d = new Date(t);
    if (isNaN(d.getTime())) {
      return String(t);
    }
    return d.toLocaleString('sv-SE', { timeZone: ZONE, hour12: false }).replace(',', '');
  }

  function size(n) {
    n = Number(n || 0);
    if (n < 1000) {
      return n + ' B';
    }
    const units = ['kB', 'MB', 'GB', 'TB'];
    let i = -1;
    while (n >= 1000 && i < units.length - 1) {
      n /= 1000;
      i++;
    }
    return n.toFixed(1) + ' ' + units[i];
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    if (cls) {
      e.className = cls;
    }
    return e;
  }

  function anchor(text, href) {
    const a = el('a', text);
    a.href = href;
    return a;
  }

  function setFields(pairs) {
    for (const [id, key] of pairs) {
      $(id).value = params[key] || '';
    }
  }

  function fromFields(pairs) {
    const p = {};
    for (const [id, key] of pairs) {
      const v = $(id).type === 'checkbox' ? ($(id).checked ? '1' : '') : $(id).value.trim();
      if (v) {
        p[key] = v;
      }
    }
    return p;
  }

  function say(text, isError) {
    $('status').textContent = text || '';
    $('status').className = isError ? 'error' : '';
  }

  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const r = await fetch('/api/v1/' + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const text = await r.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (r.status === 401) {
      signOut();
      throw new Error('the admin token was refused');
    }
    if (!r.ok) {
      // the message names every bad field already (data.fields has them one by one)
      throw new Error((data && data.message) || 'HTTP ' + r.status);
    }
    return data;
  }

  function cell(value) {
    const td = document.createElement('td');
    if (value instanceof Node) {
      td.appendChild(value);
      return td;
    }
    if (Array.isArray(value)) {
      value = value.join(', ');
    }
    td.textContent = value === null || value === undefined ? '' : String(value);
    return td;
  }

  function button(label, onClick) {
    const td = document.createElement('td');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    td.appendChild(b);
    return td;
  }

  function fill(tbodyId, items, columns, extra) {
    const tbody = $(tbodyId);
    tbody.replaceChildren();
    for (const item of items) {
      const tr = document.createElement('tr');
      for (const c of columns) {
        tr.appendChild(cell(typeof c === 'function' ? c(item) : item[c]));
      }
      if (extra) {
        extra(item, tr);
      }
      tbody.appendChild(tr);
    }
  }

  /** Names each cell after its column (data-label), for tables shown as stacked rows on phones. */
  function labelCells(tbodyId) {
    const heads = Array.from($(tbodyId).closest('table').querySelectorAll('thead th'))
      .map((th) => th.textContent);
    for (const tr of $(tbodyId).rows) {
      Array.from(tr.cells).forEach((td, i) => {
        td.dataset.label = heads[i] || '';
      });
    }
  }

  /** Runs one change through the API; true when it was made (then the view is reloaded). */
  async function act(what, done) {
    try {
      await what();
    } catch (e) {
      say(e.message, true);
      return false;
    }
    await show(current, params);
    say(done);
    return true;
  }

  /** A secret the API answered with (create, rotate): on the page until the next one. */
  function showSecret(t) {
    $('secret-id').textContent = t.client_id;
    $('secret-value').textContent = t.client_secret;
    $('secret').hidden = false;
  }

  function list(text) {
    return text.split(',').map((x) => x.trim()).filter((x) => x);
  }

  /** Requests (bars), denials (red bars) and alerts (orange marks) per bucket, labels inside. */
  function chart(box, o) {
    const W = 720;
    const H = 220;
    const L = 44;
    const R = 12;
    const T = 14;
    const B = 36;
    const series = o.series || [];
    const max = Math.max(1, ...series.map((p) => p.requests));
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('class', 'chart-svg');
    svg.setAttribute('aria-hidden', 'true');
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) {
        e.setAttribute(k, String(v));
      }
      if (text !== undefined) {
        e.textContent = text;
      }
      svg.appendChild(e);
      return e;
    };
    add('rect', { x: L, y: T, width: W - L - R, height: H - T - B, fill: '#fafbfc', stroke: '#d0d7de' });
    for (const f of [0, 0.5, 1]) {
      const y = T + (H - T - B) * (1 - f);
      add('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, String(Math.round(max * f)));
    }
    const bw = (W - L - R) / Math.max(1, series.length);
    series.forEach((p, i) => {
      const x = L + i * bw;
      const h = (H - T - B) * (p.requests / max);
      const d = (H - T - B) * (p.denied / max);
      const title = when(p.from) + ': ' + p.requests + ' requests, ' + p.denied + ' denied, '
        + p.alerts + ' alerts';
      const bar = add('rect', { x: x + 1, y: H - B - h, width: Math.max(1, bw - 2), height: h, class: 'bar-req' });
      const t1 = document.createElementNS(SVG, 'title');
      t1.textContent = title;
      bar.appendChild(t1);
      add('rect', { x: x + 1, y: H - B - d, width: Math.max(1, bw - 2), height: d, class: 'bar-den' });
      if (p.alerts > 0) {
        add('circle', { cx: x + bw / 2, cy: T + 8, r: Math.min(7, 3 + p.alerts), class: 'mark-alert' });
      }
    });
    add('text', { x: L, y: H - B + 16, class: 'axis' }, when(o.from));
    add('text', { x: W - R, y: H - B + 16, 'text-anchor': 'end', class: 'axis' }, when(o.to));
    add('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' },
      'times in ' + ZONE);
    box.replaceChildren(svg);
  }

  /** The incident's timeline: one lane per application, the lock line with its label inside. */
  function timeline(box, r) {
    const events = (r.timeline || []).filter((e) => e.time);
    const W = 900;
    const L = 70;
    const R = 16;
    const T = 40;
    const LANE = 30;
    const lanes = [...new Set(events.map((e) => e.app))];
    const H = T + Math.max(1, lanes.length) * LANE + 30;
    const times = events.map((e) => Date.parse(e.time))
      .concat((r.alerts || []).map((a) => Date.parse(a.time)))
      .concat(r.lock_time ? [Date.parse(r.lock_time)] : []).filter((t) => !isNaN(t));
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('class', 'chart-svg');
    svg.setAttribute('aria-hidden', 'true');
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) {
        e.setAttribute(k, String(v));
      }
      if (text !== undefined) {
        const t = document.createElementNS(SVG, 'title');
        e.textContent = '';
        if (tag === 'text') {
          e.textContent = text;
        } else {
          t.textContent = text;
          e.appendChild(t);
        }
      }
      svg.appendChild(e);
      return e;
    };
    if (!times.length) {
      add('text', { x: L, y: T, class: 'axis' }, 'No requests in the window.');
      box.replaceChildren(svg);
      return;
    }
    const min = Math.min(...times);
    const span = Math.max(1, Math.max(...times) - min);
    const x = (t) => L + 6 + ((Date.parse(t) - min) / span) * (W - L - R - 12);
    const y = (app) => T + 14 + lanes.indexOf(app) * LANE;
    for (const app of lanes) {
      add('line', { x1: L, y1: y(app), x2: W - R, y2: y(app), class: 'lane' });
      add('text', { x: L - 8, y: y(app) + 4, 'text-anchor': 'end', class: 'axis' }, app);
    }
    for (const e of events) {
      const cx = x(e.time);
      const cy = y(e.app);
      const label = when(e.time) + ' ' + (e.method || '') + ' ' + (e.path || '') + ' \u2192 '
        + e.decision + (e.reason ? ' (' + e.reason + ')' : '');
      if (e.decision !== 'allow') {
        add('path', { d: 'M' + (cx - 4) + ' ' + (cy - 4) + 'l8 8m0 -8l-8 8', class: 'dot-deny' }, label);
      } else if (e.action === 'download') {
        add('path', { d: 'M' + cx + ' ' + (cy - 6) + 'l6 6l-6 6l-6 -6z', class: 'dot-download' }, label);
      } else {
        add('circle', { cx: cx, cy: cy, r: 4, class: 'dot-allow' }, label);
      }
    }
    for (const a of r.alerts || []) {
      const ax = x(a.time);
      add('path', { d: 'M' + ax + ' ' + (T - 4) + 'l-5 -9h10z', class: 'mark-alert' },
        when(a.time) + ' ' + a.rule_id);
    }
    if (r.lock_time) {
      const lx = x(r.lock_time);
      add('line', { x1: lx, y1: T - 14, x2: lx, y2: H - 24, class: 'lock' });
      const right = lx > W / 2;
      add('text', { x: right ? lx - 6 : lx + 6, y: T - 20, 'text-anchor': right ? 'end' : 'start',
        class: 'lock-label' }, 'lock took effect ' + when(r.lock_time));
    }
    add('text', { x: L, y: H - 6, class: 'axis' }, when(new Date(min).toISOString()));
    add('text', { x: W - R, y: H - 6, 'text-anchor': 'end', class: 'axis' },
      when(new Date(min + span).toISOString()));
    box.replaceChildren(svg);
  }

  async function explain() {
    const body = { app: $('explain-app').value, path: $('explain-path').value.trim() };
    const who = $('explain-who').value.trim();
    if (who) {
      body[$('explain-kind').value] = who;
    }
    if ($('explain-groups').value.trim()) {
      body.groups = list($('explain-groups').value);
    }
    if ($('explain-ip').value.trim()) {
      body.ip = $('explain-ip').value.trim();
    }
    if ($('explain-method').value.trim()) {
      body.method = $('explain-method').value.trim();
    }
    const x = await api('POST', 'policy/explain', body);
    const d = $('explain-decision');
    d.replaceChildren(el('strong', x.decision, 'effect ' + x.decision));
    d.appendChild(document.createTextNode(' by ' + (x.policy || '(no policy)') + ', reason '
      + x.reason));
    const ol = $('explain-trace');
    ol.replaceChildren();
    for (const t of x.trace || []) {
      const li = el('li', t.policy + ' (' + t.effect + '): '
        + (t.decided ? 'DECIDED' : t.matched ? 'matched' : 'no match'));
      const ul = el('ul');
      for (const w of t.why || []) {
        ul.appendChild(el('li', w));
      }
      li.appendChild(ul);
      ol.appendChild(li);
    }
  }

  /** The report's headline, next steps and credential: the same model as the html report. */
  function incidentHeadline(r) {
    const h = r.headline || {};
    const figs = $('incident-figures');
    figs.replaceChildren();
    const secs = (v) => (v === null || v === undefined ? 'never' : v < 1 ? 'under 1 s'
      : v < 60 ? v.toFixed(1) + ' s' : v < 3600 ? Math.round(v / 60) + ' min'
        : (v / 3600).toFixed(1) + ' h');
    for (const [label, value, bad] of [
      ['Downloaded', (h.left_resources || 0) + ' (' + size(h.left_bytes) + ')', h.left_resources > 0],
      ['Changed', (h.changed || []).length, (h.changed || []).length > 0],
      ['Denied', ((h.denied || {}).count || 0) + ' of ' + ((r.counts || {}).requests || 0), false],
      ['Time to detect', secs(h.time_to_detect_seconds), h.time_to_detect_seconds == null],
      ['Time to contain', secs(h.time_to_contain_seconds), h.time_to_contain_seconds == null]]) {
      const c = el('div', null, 'card fig ' + (bad ? 'bad' : 'good'));
      c.appendChild(el('span', label));
      c.appendChild(el('b', value));
      figs.appendChild(c);
    }
    const ul = $('incident-headline');
    ul.replaceChildren();
    for (const s of h.sentences || []) {
      ul.appendChild(el('li', s));
    }
    const ol = $('incident-steps');
    ol.replaceChildren();
    for (const s of r.next_steps || []) {
      const li = el('li');
      li.appendChild(el('strong', s.title));
      li.appendChild(document.createTextNode('. ' + s.detail + ' '));
      li.appendChild(el('code', s.command));
      if (s.alternative) {
        li.appendChild(document.createTextNode(' or '));
        li.appendChild(el('code', s.alternative));
      }
      ol.appendChild(li);
    }
    if (!ol.children.length) {
      ol.appendChild(el('li', 'none'));
    }
    fill('incident-left', h.left || [], ['app', 'resource', 'downloads', (m) => size(m.bytes),
      (m) => when(m.first_time)]);
    fill('incident-changed', h.changed || [], [(m) => when(m.time), 'app',
      (m) => m.method + ' ' + m.path, 'status']);
    const rows = [];
    for (const c of r.credential_context || []) {
      const nets = (l) => (l || []).map((n) => n.network + ' (' + n.count + (n.new ? ', new' : '')
        + ', last ' + when(n.last_seen) + ')').join('; ') || 'none seen';
      rows.push(['name', c.name || c.id], ['status', c.status || ''],
        ['labels', Object.entries(c.labels || {}).map(([k, v]) => k + '=' + v).join(', ') || 'none'],
        ['owner', c.owner || 'none'], ['created', when(c.created_at)],
        ['last rotated', when(c.last_rotated_at)],
        ['idle before this activity', c.idle_days_before == null ? 'unknown' : c.idle_days_before + ' days'],
        ['networks before', nets(c.networks_before)], ['networks during', nets(c.networks_during)]);
    }
    fill('incident-credential', rows, [0, 1]);
  }

  const views = {
    async tokens() {
      const list = await api('GET', 'tokens');
      fill('tokens-rows', list,
        ['name', 'client_id', 'status', 'apps', (t) => when(t.expires_at) || 'never',
          (t) => when(t.last_used_at), 'last_used_ip',
          (t) => Object.entries(t.labels || {}).map(([k, v]) => k + '=' + v).join(', '),
          'owner'],
        (t, tr) => {
          tr.dataset.name = t.name;
          if (t.status !== 'revoked') {
            tr.appendChild(button('Rotate', () => {
              const grace = window.prompt('Rotate ' + t.name + ': how long may the old secret'
                + ' still be used (e.g. 1h; 0s ends it now)?', '1h');
              if (grace !== null) {
                act(() => api('POST', 'tokens/' + encodeURIComponent(t.id) + '/rotate',
                  { grace: grace.trim() }).then(showSecret), t.name + ' rotated');
              }
            }));
            tr.appendChild(button('Revoke', () => {
              if (window.confirm('Revoke ' + t.name + '? It is refused from the next request.')) {
                act(() => api('POST', 'tokens/' + encodeURIComponent(t.id) + '/revoke'),
                  t.name + ' revoked');
              }
            }));
          } else {
            tr.appendChild(cell(''));
            tr.appendChild(cell(''));
          }
        });
      return list.length + ' token' + (list.length === 1 ? '' : 's');
    },
    async locks() {
      const list = await api('GET', 'locks');
      fill('locks-rows', list, ['principal', 'reason', 'created_by', 'created_at', 'expires_at'],
        (l, tr) => {
          tr.dataset.principal = l.principal;
          tr.appendChild(button('Unlock', () =>
            act(() => api('DELETE', 'locks/' + encodeURIComponent(l.principal)),
              l.principal + ' unlocked')));
        });
      return list.length + ' lock' + (list.length === 1 ? '' : 's');
    },
    async alerts() {
      setFields([['alerts-by', 'by']]);
      $('alerts-open').checked = params.open === '1';
      let groups = await api('GET', 'alerts/groups?since=30d');
      if (params.open === '1') {
        groups = groups.filter((g) => g.open > 0);
      }
      fill('alerts-rows', groups, [(g) => when(g.last_time),
        (g) => g.rule_id + ' ' + (g.title || ''), (g) => el('span', g.level, 'level ' + g.level),
        'principal', (g) => g.alerts.length, 'count',
        (g) => [].concat((g.alerts[0] || {}).response || []).join(', '),
        (g) => (g.open > 0 ? '' : (g.acknowledged_by || '') + ' ' + when(g.acknowledged_at))],
      (g, tr) => {
        tr.className = 'lvl-' + g.level + (g.open > 0 ? '' : ' acked');
        if (g.principal) {
          tr.appendChild(button('Incident report', () => go('incident', { principal: g.principal })));
        } else {
          tr.appendChild(cell(''));
        }
        if (g.open > 0) {
          tr.appendChild(button('Acknowledge', () => {
            const by = $('alerts-by').value.trim();
            act(async () => {
              for (const a of g.alerts.filter((x) => !x.acknowledged_at)) {
                await api('POST', 'alerts/' + encodeURIComponent(a.id) + '/acknowledge',
                  by ? { by: by } : {});
              }
            }, g.rule_id + ' acknowledged');
          }));
        } else {
          tr.appendChild(cell(''));
        }
      });
      const open = groups.reduce((n, g) => n + g.open, 0);
      return groups.length + ' alert group' + (groups.length === 1 ? '' : 's') + ', ' + open
        + ' open';
    },
    async overview() {
      const hours = params.hours || '24';
      $('overview-hours').value = hours;
      const o = await api('GET', 'overview?hours=' + encodeURIComponent(hours));
      chart($('overview-chart'), o);
      const levels = $('overview-alerts');
      levels.replaceChildren();
      for (const [level, n] of Object.entries(o.open_alerts || {})) {
        const li = el('li');
        li.appendChild(el('span', level, 'level ' + level));
        li.appendChild(document.createTextNode(' ' + n));
        levels.appendChild(li);
      }
      const locks = $('overview-locks');
      locks.replaceChildren();
      for (const l of o.locks || []) {
        const li = el('li');
        li.appendChild(anchor(l.principal, link('incident', { principal: l.principal })));
        li.appendChild(document.createTextNode(' until ' + (when(l.expires_at) || 'unlocked')
          + ': ' + l.reason));
        locks.appendChild(li);
      }
      if (!locks.children.length) {
        locks.appendChild(el('li', 'none'));
      }
      const creds = $('overview-credentials');
      creds.replaceChildren();
      for (const f of o.credentials_needing_action || []) {
        const li = el('li');
        li.appendChild(el('strong', f.kind));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(anchor(f.token_name, link('tokens', {})));
        li.appendChild(document.createTextNode(': ' + f.detail));
        creds.appendChild(li);
      }
      if (!creds.children.length) {
        creds.appendChild(el('li', 'none'));
      }
      return o.requests + ' requests in the period' + (o.requests_capped ? ' (at least)' : '');
    },
    async applications() {
      const apps = await api('GET', 'applications');
      const box = $('applications-list');
      box.replaceChildren();
      const select = $('explain-app');
      const chosen = params.app || select.value;
      select.replaceChildren();
      for (const a of apps) {
        const opt = el('option', a.id);
        opt.value = a.id;
        select.appendChild(opt);
        const art = el('article', null, 'app');
        art.appendChild(el('h3', a.id));
        art.appendChild(el('p', (a.hosts || []).join(', ') + ' \u2192 ' + a.upstream, 'meta'));
        const ol = el('ol');
        for (const p of a.policies || []) {
          const li = el('li');
          li.appendChild(el('span', p.decision, 'effect ' + p.decision));
          li.appendChild(document.createTextNode(' ' + p.name));
          const parts = [];
          for (const k of ['include', 'require', 'exclude']) {
            if ((p[k] || []).length) {
              parts.push(k + ' ' + p[k].join('; '));
            }
          }
          if ((p.methods || []).length) {
            parts.push('methods ' + p.methods.join(', '));
          }
          if ((p.paths || []).length) {
            parts.push('paths ' + p.paths.join(', '));
          }
          li.appendChild(el('div', parts.join(' \u00b7 '), 'meta'));
          ol.appendChild(li);
        }
        if (!(a.policies || []).length) {
          ol.appendChild(el('li', 'no policies: every request is denied'));
        }
        art.appendChild(ol);
        box.appendChild(art);
      }
      if (chosen) {
        select.value = chosen;
      }
      setFields([['explain-who', 'who'], ['explain-groups', 'groups'], ['explain-ip', 'ip'],
        ['explain-method', 'method'], ['explain-path', 'path']]);
      $('explain-kind').value = params.kind === 'token' ? 'token' : 'email';
      $('explain-decision').textContent = '';
      $('explain-trace').replaceChildren();
      if (params.path) {
        await explain();
      }
      return apps.length + ' application' + (apps.length === 1 ? '' : 's');
    },
    async audit() {
      const fields = [['audit-principal', 'principal'], ['audit-app', 'app'],
        ['audit-decision', 'decision'], ['audit-event', 'event'], ['audit-since', 'since'],
        ['audit-until', 'until']];
      setFields(fields);
      const q = new URLSearchParams({ limit: '100' });
      for (const k of ['principal', 'app', 'decision', 'event', 'since', 'until', 'after']) {
        if (params[k]) {
          q.set(k, params[k]);
        }
      }
      const page = await api('GET', 'audit/log?' + q.toString());
      const list = page.events || [];
      fill('audit-rows', list, ['seq', (e) => when(e.time), 'event', 'decision', 'reason',
        (e) => (e.principal ? anchor(e.principal, link('incident', { principal: e.principal }))
          : ''), 'app',
        (e) => (e.method ? e.method + ' ' + (e.host || '') + (e.path || '')
          : (e.details ? JSON.stringify(e.details) : (e.rule_id || ''))),
        'status', 'src_ip', 'user_agent'], (e, tr) => {
        if (e.decision === 'deny') {
          tr.className = 'deny';
        }
      });
      const next = page.next;
      $('audit-next').disabled = !next;
      $('audit-next').onclick = next ? () => go('audit', Object.assign({}, params,
        { since: next.since, after: String(next.after) })) : null;
      $('audit-first').disabled = !params.after;
      return list.length + ' event' + (list.length === 1 ? '' : 's')
        + (params.after ? ' (a later page)' : '') + (next ? ', more on the next page' : '');
    },
    async incident() {
      setFields([['incident-principal', 'principal'], ['incident-since', 'since'],
        ['incident-until', 'until']]);
      const principal = $('incident-principal').value.trim();
      $('incident-lock').hidden = true;
      if (!principal) {
        return 'name a principal to report on';
      }
      const q = new URLSearchParams({ principal: principal, tz: ZONE });
      for (const [field, id] of [['since', 'incident-since'], ['until', 'incident-until']]) {
        if ($(id).value.trim()) {
          q.set(field, $(id).value.trim());
        }
      }
      const r = await api('GET', 'incidents?' + q.toString());
      const c = r.counts || {};
      $('incident-summary').textContent = r.principal + ', ' + (when(r.window.from) || '…') + ' to '
        + (when(r.window.to) || '…') + ': ' + c.requests + ' requests (' + c.allowed + ' allowed, '
        + c.denied + ' denied), ' + c.resources_viewed + ' resources viewed, '
        + c.resources_downloaded + ' downloaded, ' + size(c.bytes_out) + ' out';
      incidentHeadline(r);
      timeline($('incident-chart'), r);
      fill('incident-apps', r.apps || [], ['app', 'allowed', 'denied']);
      fill('incident-resources', r.resources || [], ['app', 'resource', 'view', 'download']);
      fill('incident-ips', r.source_ips || [], ['ip', 'count']);
      fill('incident-denied', r.denied_attempts || [], ['app', 'path', 'reason', 'count']);
      const marks = (r.alerts || []).map((a) => ({ time: when(a.time), what: 'alert ' + a.rule_id,
        detail: (a.title || '') + '; response: ' + [].concat(a.response || []).join(', ') }))
        .concat((r.locks || []).map((l) => ({ time: when(l.created_at), what: 'lock',
          detail: l.reason + ' (by ' + l.created_by + ', until ' + (l.expires_at || 'unlocked')
            + ')' })));
      fill('incident-alerts', marks, ['time', 'what', 'detail']);
      fill('incident-timeline', r.timeline || [], [(e) => when(e.time), 'decision', 'reason', 'app',
        (e) => (e.method ? e.method + ' ' : '') + (e.host || '') + (e.path || ''), 'action',
        'status', 'src_ip'], (e, tr) => {
        if (e.decision === 'deny') {
          tr.className = 'deny';
        }
      });
      const locked = (r.locks || []).length > 0;
      $('incident-lock').hidden = locked;
      return locked ? principal + ' is locked' : 'report for ' + principal;
    },
    async users() {
      const events = await api('GET', 'audit/events?since=30d&limit=20000');
      const users = {};
      for (const e of events) {
        if (e.principal_type !== 'user' || !e.principal) {
          continue;
        }
        const u = users[e.principal] || (users[e.principal] = { user: e.principal, requests: 0,
          denied: 0, last: '' });
        u.requests++;
        u.denied += e.decision === 'deny' ? 1 : 0;
        u.last = e.time > u.last ? e.time : u.last;
      }
      const list = Object.values(users).sort((a, b) => (a.last < b.last ? 1 : -1));
      fill('users-rows', list, [(u) => anchor(u.user, link('incident', { principal: u.user })),
        'requests', 'denied', (u) => when(u.last)], (u, tr) => {
        tr.appendChild(button('Lock', () => {
          $('user-lock-email').value = u.user;
          $('user-lock-ttl').focus();
        }));
      });
      return list.length + ' user' + (list.length === 1 ? '' : 's') + ' seen; invite a user to'
        + ' enrol a security key';
    },
    async sessions() {
      setFields([['sessions-principal', 'principal']]);
      const q = params.principal ? '?' + new URLSearchParams({ principal: params.principal }) : '';
      const list = await api('GET', 'sessions' + q);
      // a session ends at its expiry or, unless used, at its idle timeout: whichever comes first
      const ends = (s) => (s.idle_expires_at && s.idle_expires_at < s.expires_at
        ? s.idle_expires_at : s.expires_at);
      fill('sessions-rows', list, [(s) => anchor(s.principal, link('incident', { principal: s.principal })),
        'idp', 'amr', 'groups', (s) => when(s.created_at), (s) => when(s.last_seen_at),
        (s) => when(ends(s)), (s) => el('code', s.id.slice(0, 12))], (s, tr) => {
        tr.dataset.id = s.id;
        tr.dataset.principal = s.principal;
        const td = button('Revoke', () => {
          if (window.confirm('Revoke this session of ' + s.principal + '? They are signed out'
            + ' and what they have in flight ends now.')) {
            act(() => api('DELETE', 'sessions/' + encodeURIComponent(s.id)),
              'session of ' + s.principal + ' revoked');
          }
        });
        td.firstChild.setAttribute('aria-label', 'Revoke session of ' + s.principal);
        tr.appendChild(td);
      });
      labelCells('sessions-rows');
      return list.length + ' active session' + (list.length === 1 ? '' : 's')
        + (params.principal ? ' of ' + params.principal : '');
    },
    async findings() {
      const list = await api('GET', 'credentials/audit');
      fill('findings-rows', list, ['kind', 'token_name', 'detail']);
      return list.length + ' finding' + (list.length === 1 ? '' : 's');
    },
  };

  async function show(name, p) {
    current = name;
    params = p || {};
    for (const s of document.querySelectorAll('section.view')) {
      s.hidden = s.id !== name;
    }
    for (const b of document.querySelectorAll('nav button[data-view]')) {
      b.classList.toggle('active', b.dataset.view === name);
      if (b.dataset.view === name) {
        b.setAttribute('aria-current', 'page');
      } else {
        b.removeAttribute('aria-current');
      }
    }
    try {
      say(await views[name]());
    } catch (e) {
      say(e.message, true);
    }
  }

  function signedIn() {
    $('signin').hidden = true;
    $('nav').hidden = false;
    const r = parseHash();
    return show(r.view, r.params);
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    $('secret').hidden = true;
    $('secret-id').textContent = '';
    $('secret-value').textContent = '';
    $('invite-result').hidden = true;
    $('invite-url').textContent = '';
    $('nav').hidden = true;
    $('signin').hidden = false;
    for (const s of document.querySelectorAll('section.view')) {
      s.hidden = true;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('signin').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(KEY, $('token').value.trim());
      $('token').value = '';
      try {
        await api('GET', 'tokens');
        await signedIn();
      } catch (e) {
        say(e.message, true);
      }
    });
    $('signout').addEventListener('click', () => {
      signOut();
      say('signed out');
    });
    for (const b of document.querySelectorAll('nav button[data-view]')) {
      b.addEventListener('click', () => go(b.dataset.view, {}));
    }
    window.addEventListener('hashchange', () => {
      if (sessionStorage.getItem(KEY)) {
        const r = parseHash();
        show(r.view, r.params);
      }
    });
    $('overview-hours').addEventListener('change', () => go('overview',
      { hours: $('overview-hours').value }));
    $('alerts-open').addEventListener('change', () => go('alerts',
      fromFields([['alerts-open', 'open'], ['alerts-by', 'by']])));
    $('alerts-form').addEventListener('submit', (ev) => ev.preventDefault());
    $('audit-first').addEventListener('click', () => {
      const p = Object.assign({}, params);
      delete p.after;
      go('audit', p);
    });
    $('explain-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      go('applications', Object.assign({ app: $('explain-app').value, kind: $('explain-kind').value },
        fromFields([['explain-who', 'who'], ['explain-groups', 'groups'], ['explain-ip', 'ip'],
          ['explain-method', 'method'], ['explain-path', 'path']])));
    });
    $('user-lock-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = { principal: $('user-lock-email').value.trim(), reason: 'locked from the console (users)' };
      if ($('user-lock-ttl').value.trim()) {
        body.ttl = $('user-lock-ttl').value.trim();
      }
      act(() => api('POST', 'locks', body), body.principal + ' locked').then((made) => {
        if (made) {
          $('user-lock-form').reset();
        }
      });
    });
    $('lock-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = { principal: $('lock-principal').value.trim(), reason: $('lock-reason').value };
      if ($('lock-ttl').value.trim()) {
        body.ttl = $('lock-ttl').value.trim();
      }
      act(() => api('POST', 'locks', body), body.principal + ' locked').then((made) => {
        if (made) {
          $('lock-form').reset();
        }
      });
    });
    $('token-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = { name: $('token-name').value.trim(), apps: list($('token-apps').value) };
      for (const [field, id] of [['expires', 'token-expires'], ['owner', 'token-owner']]) {
        if ($(id).value.trim()) {
          body[field] = $(id).value.trim();
        }
      }
      if ($('token-labels').value.trim()) {
        body.labels = {};
        for (const pair of list($('token-labels').value)) {
          const eq = pair.indexOf('=');
          body.labels[(eq < 0 ? pair : pair.slice(0, eq)).trim()] = eq < 0 ? '' : pair.slice(eq + 1).trim();
        }
      }
      if ($('token-cidrs').value.trim()) {
        body.cidrs = list($('token-cidrs').value);
      }
      act(() => api('POST', 'tokens', body).then(showSecret), body.name + ' created')
        .then((made) => {
          if (made) {
            $('token-form').reset();
          }
        });
    });
    $('breach-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = { vendor: $('breach-vendor').value.trim(), since: $('breach-since').value.trim(),
        action: $('breach-action').value };
      if (!window.confirm('Declare a breach of ' + body.vendor + ' (' + body.action + ')?')) {
        return;
      }
      let result = null;
      act(() => api('POST', 'breaches', body).then((r) => {
        result = r;
      }), 'breach declared').then((made) => {
        if (made) {
          say('breach of ' + result.vendor + ' declared (' + result.action + '): '
            + result.tokens.length + ' token' + (result.tokens.length === 1 ? '' : 's')
            + (result.tokens.length ? ' (' + result.tokens.join(', ') + ')' : '') + ', '
            + result.sessions_revoked + ' sessions revoked');
          $('breach-form').reset();
        }
      });
    });
    $('invite-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = { email: $('invite-email').value.trim(), groups: list($('invite-groups').value) };
      let result = null;
      act(() => api('POST', 'users/invite', body).then((r) => {
        result = r;
      }), body.email + ' invited').then((made) => {
        if (made) {
          $('invite-url').textContent = result.url;
          $('invite-result').hidden = false;
          $('invite-form').reset();
        }
      });
    });
    $('incident-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      go('incident', fromFields([['incident-principal', 'principal'], ['incident-since', 'since'],
        ['incident-until', 'until']]));
    });
    $('incident-lock').addEventListener('click', () => {
      const principal = $('incident-principal').value.trim();
      act(() => api('POST', 'locks', { principal: principal,
        reason: 'incident response (console)' }), principal + ' locked');
    });
    $('sessions-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      go('sessions', fromFields([['sessions-principal', 'principal']]));
    });
    $('audit-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      go('audit', fromFields([['audit-principal', 'principal'], ['audit-app', 'app'],
        ['audit-decision', 'decision'], ['audit-event', 'event'], ['audit-since', 'since'],
        ['audit-until', 'until']]));
    });
    if (sessionStorage.getItem(KEY)) {
      signedIn();
    }
  });
})();
