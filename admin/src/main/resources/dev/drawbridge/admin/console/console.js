'use strict';
// The Drawbridge admin console: a client of the admin API (/api/v1/) with the admin token as a
// bearer token. Every value from the server is put into the page as text (textContent), never as
// HTML: audit events carry paths and user agents that clients chose.
(function () {
  const KEY = 'drawbridge-admin-token';
  const $ = (id) => document.getElementById(id);
  let current = 'tokens';

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

  /** Runs one change through the API; true when it was made (then the view is reloaded). */
  async function act(what, done) {
    try {
      await what();
    } catch (e) {
      say(e.message, true);
      return false;
    }
    await show(current);
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

  const views = {
    async tokens() {
      const list = await api('GET', 'tokens');
      fill('tokens-rows', list,
        ['name', 'client_id', 'status', 'apps', 'expires_at', 'last_used_at', 'last_used_ip'],
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
      const list = await api('GET', 'alerts?limit=200');
      fill('alerts-rows', list, ['time', (a) => a.rule_id + ' ' + (a.title || ''), 'level',
        'principal', 'count', 'response'], (a, tr) => {
        if (a.principal) {
          tr.appendChild(button('Incident report', () => {
            $('incident-principal').value = a.principal;
            show('incident');
          }));
        }
      });
      return list.length + ' alert' + (list.length === 1 ? '' : 's');
    },
    async audit() {
      const q = new URLSearchParams({ limit: '200' });
      for (const [field, id] of [['principal', 'audit-principal'], ['app', 'audit-app'],
        ['decision', 'audit-decision']]) {
        if ($(id).value.trim()) {
          q.set(field, $(id).value.trim());
        }
      }
      const list = await api('GET', 'audit/events?' + q.toString());
      fill('audit-rows', list, ['seq', 'time', 'event', 'decision', 'reason', 'principal', 'app',
        (e) => (e.method ? e.method + ' ' : '') + (e.host || '') + (e.path || ''), 'status',
        'src_ip', 'user_agent'], (e, tr) => {
        if (e.decision === 'deny') {
          tr.className = 'deny';
        }
      });
      return list.length + ' event' + (list.length === 1 ? '' : 's');
    },
    async incident() {
      const principal = $('incident-principal').value.trim();
      $('incident-lock').hidden = true;
      if (!principal) {
        return 'name a principal to report on';
      }
      const q = new URLSearchParams({ principal: principal });
      for (const [field, id] of [['since', 'incident-since'], ['until', 'incident-until']]) {
        if ($(id).value.trim()) {
          q.set(field, $(id).value.trim());
        }
      }
      const r = await api('GET', 'incidents?' + q.toString());
      const c = r.counts || {};
      $('incident-summary').textContent = r.principal + ', ' + (r.window.from || '…') + ' to '
        + (r.window.to || '…') + ': ' + c.requests + ' requests (' + c.allowed + ' allowed, '
        + c.denied + ' denied), ' + c.resources_viewed + ' resources viewed, '
        + c.resources_downloaded + ' downloaded, ' + c.bytes_out + ' bytes out';
      fill('incident-apps', r.apps || [], ['app', 'allowed', 'denied']);
      fill('incident-resources', r.resources || [], ['app', 'resource', 'view', 'download']);
      fill('incident-ips', r.source_ips || [], ['ip', 'count']);
      fill('incident-denied', r.denied_attempts || [], ['app', 'path', 'reason', 'count']);
      const marks = (r.alerts || []).map((a) => ({ time: a.time, what: 'alert ' + a.rule_id,
        detail: (a.title || '') + '; response: ' + [].concat(a.response || []).join(', ') }))
        .concat((r.locks || []).map((l) => ({ time: l.created_at, what: 'lock',
          detail: l.reason + ' (by ' + l.created_by + ', until ' + (l.expires_at || 'unlocked')
            + ')' })));
      fill('incident-alerts', marks, ['time', 'what', 'detail']);
      fill('incident-timeline', r.timeline || [], ['time', 'decision', 'reason', 'app',
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
      return 'invite a user to enrol a security key';
    },
    async findings() {
      const list = await api('GET', 'credentials/audit');
      fill('findings-rows', list, ['kind', 'token_name', 'detail']);
      return list.length + ' finding' + (list.length === 1 ? '' : 's');
    },
  };

  async function show(name) {
    current = name;
    for (const s of document.querySelectorAll('section.view')) {
      s.hidden = s.id !== name;
    }
    for (const b of document.querySelectorAll('nav button[data-view]')) {
      b.classList.toggle('active', b.dataset.view === name);
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
    return show(current);
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
      b.addEventListener('click', () => show(b.dataset.view));
    }
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
      show('incident');
    });
    $('incident-lock').addEventListener('click', () => {
      const principal = $('incident-principal').value.trim();
      act(() => api('POST', 'locks', { principal: principal,
        reason: 'incident response (console)' }), principal + ' locked');
    });
    $('audit-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      show('audit');
    });
    if (sessionStorage.getItem(KEY)) {
      signedIn();
    }
  });
})();
