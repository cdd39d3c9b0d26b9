// pressroom: the analyst's desk.
//
// Safe by construction: every element is made with createElement and every
// text set with textContent or text nodes. Nothing here assigns innerHTML,
// and the server's Content-Security-Policy (Trusted Types) would refuse it.
// The only markup the server sends is the highlight fragments, which are
// read by marked() below: <mark> and </mark> become elements, everything
// else stays text.
'use strict';

(() => {
  // ---------- vocabulary ----------
  const AGREEMENT_KINDS = {
    mou: '覚書・MOU',
    business_alliance: '業務提携',
    comprehensive_partnership: '包括連携協定',
    capital_alliance: '資本業務提携',
    joint_research: '共同研究',
    license: 'ライセンス',
    other: 'その他',
  };
  const ORG_KINDS = {
    company: '企業',
    association: '団体',
    university: '大学',
    research_institute: '研究機関',
    government: '自治体・行政',
    hospital: '病院',
    other: 'その他',
  };
  const FACETS = [
    ['publisher', '発表元', 'Publisher'],
    ['partner', '提携先', 'Partner'],
    ['kind', '提携の種類', 'Kind'],
    ['year', '年', 'Year'],
    ['category', 'カテゴリ', 'Category'],
  ];
  const DATE_ROLES = { published: '発表日', signed: '締結日', other: '言及' };
  const FOUND_IN = { body: '本文', table: '沿革・一覧' };
  const SORTS = [['', '関連度順'], ['newest', '新しい順'], ['oldest', '古い順']];
  const FILTERS = ['publisher', 'partner', 'kind', 'category'];

  let regionNames = null;
  try { regionNames = new Intl.DisplayNames(['ja'], { type: 'region' }); } catch (_) { /* old browser */ }

  // ---------- DOM helpers ----------
  function h(tag, props, ...kids) {
    const e = document.createElement(tag);
    setProps(e, props);
    append(e, kids);
    return e;
  }

  function s(tag, props, ...kids) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    setProps(e, props);
    append(e, kids);
    return e;
  }

  function setProps(e, props) {
    if (!props) return;
    for (const [k, v] of Object.entries(props)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.setAttribute('class', v);
      else if (k === 'text') e.textContent = v;
      else if (k === 'href') e.setAttribute('href', safeHref(v));
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
      else if (/^[a-z][a-z0-9-]*$/i.test(k) && !k.startsWith('on')) e.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function append(e, kids) {
    for (const k of kids.flat(Infinity)) {
      if (k === null || k === undefined || k === false) continue;
      e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    }
  }

  // safeHref allows our own paths and http(s) links only: a javascript: or
  // data: URL from a release never becomes a link.
  function safeHref(v) {
    const str = String(v);
    if (str.startsWith('/') && !str.startsWith('//')) return str;
    if (str.startsWith('?') || str.startsWith('#')) return str;
    return isWebURL(str) ? str : '#';
  }

  function isWebURL(str) {
    try {
      const u = new URL(str);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch (_) {
      return false;
    }
  }

  const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", '#34': '"', '#39': "'" };
  function unescapeEntities(str) {
    return str.replace(/&(lt|gt|amp|quot|apos|#34|#39);/g, (_, n) => ENTITIES[n]);
  }

  // marked turns a highlight fragment (HTML-escaped text with <mark>) into
  // text nodes and <mark> elements. No other tag is recognised: anything
  // else is shown as the text it is.
  function marked(fragment) {
    const out = document.createDocumentFragment();
    const re = /<(\/?)mark>/g;
    let last = 0;
    let open = null;
    let m;
    const text = (t) => {
      if (!t) return;
      (open || out).append(document.createTextNode(unescapeEntities(t)));
    };
    while ((m = re.exec(fragment)) !== null) {
      text(fragment.slice(last, m.index));
      if (m[1] === '' && !open) {
        open = document.createElement('mark');
      } else if (m[1] === '/' && open) {
        out.append(open);
        open = null;
      }
      last = re.lastIndex;
    }
    text(fragment.slice(last));
    if (open) out.append(open);
    return out;
  }

  // ---------- formatting ----------
  function jaDate(d) {
    if (!d) return '日付不明';
    const [y, m, day] = d.split('-');
    let out = `${Number(y)}年`;
    if (m) out += `${Number(m)}月`;
    if (day) out += `${Number(day)}日`;
    return out;
  }

  function countryName(code) {
    if (!code) return '';
    try { return (regionNames && regionNames.of(code)) || code; } catch (_) { return code; }
  }

  function shortLabel(name, aliases) {
    if ([...name].length <= 14) return name;
    let best = '';
    for (const a of aliases || []) {
      const n = [...a].length;
      if (n >= 2 && (!best || n < [...best].length)) best = a;
    }
    return best || name;
  }

  function orgLabel(orgs, key) {
    const o = orgs && orgs[key];
    if (!o) return { text: key, title: key };
    return { text: shortLabel(o.name, o.aliases), title: o.name };
  }

  function releaseOrg(rel, key) {
    return (rel.organizations || []).find((o) => o.normalized === key) || null;
  }

  function orgShort(rel, key) {
    const o = releaseOrg(rel, key);
    return o ? shortLabel(o.name, o.aliases) : key;
  }

  function releaseOrgName(rel, key) {
    const o = releaseOrg(rel, key);
    return o ? o.name : key;
  }

  function kindBadge(kind, label) {
    const k = AGREEMENT_KINDS[kind] ? kind : 'other';
    return h('span', { class: `kind-badge k-${k}`, title: label || AGREEMENT_KINDS[k] }, AGREEMENT_KINDS[k]);
  }

  function num(n) {
    return Number(n).toLocaleString('ja-JP');
  }

  // ---------- API ----------
  async function api(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await res.json(); } catch (_) { /* not JSON */ }
    if (!res.ok) {
      const err = new Error((body && body.error) || `HTTP ${res.status}`);
      err.status = res.status;
      err.param = body && body.param;
      throw err;
    }
    return body;
  }

  // ---------- routing ----------
  const app = document.getElementById('app');
  let generation = 0;
  // The last search shown, for the release page's way back.
  let lastSearch = '/';
  const TITLES = { search: 'pressroom — プレスリリース検索', network: 'pressroom — 提携ネットワーク', notfound: 'pressroom' };

  function navigate(url, replace) {
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    route();
  }

  function setState(view, state) {
    document.body.dataset.view = view;
    document.body.dataset.state = state;
    for (const a of document.querySelectorAll('.tabs a')) {
      a.classList.toggle('active', a.dataset.tab === view || (view === 'release' && a.dataset.tab === 'search'));
    }
  }

  async function route() {
    const gen = ++generation;
    const path = location.pathname;
    const params = new URLSearchParams(location.search);
    const current = () => gen === generation;
    let view = 'notfound';
    let m;
    if (path === '/') view = 'search';
    else if ((m = path.match(/^\/releases\/([A-Za-z0-9._-]{1,128})$/))) view = 'release';
    else if (path === '/network') view = 'network';
    setState(view, 'loading');
    if (TITLES[view]) document.title = TITLES[view];
    if (view === 'search') lastSearch = path + location.search;
    try {
      if (view === 'search') await searchView(params, current);
      else if (view === 'release') await releaseView(m[1], current);
      else if (view === 'network') await networkView(params, current);
      else render(h('div', { class: 'notice' }, 'ページが見つかりません。', h('a', { href: '/', 'data-nav': true }, '検索に戻る')));
    } catch (err) {
      if (!current()) return;
      render(errorBox(err));
    }
    if (current()) setState(view, 'ready');
  }

  function render(...nodes) {
    app.replaceChildren(...nodes);
  }

  function errorBox(err) {
    const box = h('div', { class: 'error', role: 'alert' },
      h('strong', null, err.status === 404 ? '見つかりません' : 'エラー'), ' ', err.message);
    return box;
  }

  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-nav]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(a.getAttribute('href'));
  });
  window.addEventListener('popstate', route);
  // A blocked script or style is a bug of this page (or an attack on it):
  // say so where developers and the browser tests look.
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      const q = document.getElementById('q');
      if (q) { e.preventDefault(); q.focus(); q.select(); }
    }
  });

  // ---------- search ----------
  function withParams(base, mutate) {
    const p = new URLSearchParams(base);
    mutate(p);
    p.delete('page');
    const str = p.toString();
    return str ? `/?${str}` : '/';
  }

  function toggleValue(params, name, value) {
    return withParams(params, (p) => {
      const vals = p.getAll(name);
      p.delete(name);
      if (vals.includes(value)) {
        for (const v of vals) if (v !== value) p.append(name, v);
      } else {
        for (const v of vals) p.append(name, v);
        p.append(name, value);
      }
    });
  }

  function yearActive(params, year) {
    return params.get('from') === year && params.get('to') === year;
  }

  function toggleYear(params, year) {
    return withParams(params, (p) => {
      if (yearActive(params, year)) {
        p.delete('from');
        p.delete('to');
      } else {
        p.set('from', year);
        p.set('to', year);
      }
    });
  }

  async function searchView(params, current) {
    const apiParams = new URLSearchParams(params);
    const res = await api(`/api/search?${apiParams}`).catch((err) => {
      if (err.status === 400) return { error: err };
      throw err;
    });
    if (!current()) return;

    const q = params.get('q') || '';
    const form = searchForm(params, q);
    if (res.error) {
      render(form, errorBox(res.error));
      return;
    }
    const orgs = res.orgs || {};
    const facets = h('aside', { class: 'facets', 'aria-label': '絞り込み' },
      FACETS.map(([name, ja, en]) => facetBox(params, res, orgs, name, ja, en)));
    const results = h('section', { class: 'results', 'aria-label': '検索結果' },
      summaryLine(params, res, q),
      activeFilters(params, orgs),
      hitList(params, res, orgs, q),
      pager(params, res));
    render(form, h('div', { class: 'cols' }, facets, results));
  }

  function searchForm(params, q) {
    const input = h('input', {
      id: 'q', type: 'search', name: 'q', value: q, autocomplete: 'off', maxlength: '256',
      placeholder: 'キーワード（例：川崎市 覚書、"包括連携協定"）', 'aria-label': '検索語',
    });
    const from = h('input', { id: 'from', name: 'from', value: params.get('from') || '', placeholder: '2018 / 2018-08', size: '10', 'aria-label': '期間の始め', inputmode: 'numeric' });
    const to = h('input', { id: 'to', name: 'to', value: params.get('to') || '', placeholder: '2021-12-31', size: '10', 'aria-label': '期間の終わり', inputmode: 'numeric' });
    const sort = h('select', { id: 'sort', name: 'sort', 'aria-label': '並び順' },
      SORTS.map(([v, label]) => h('option', { value: v, selected: (params.get('sort') || '') === v }, label)));
    const submit = () => navigate(withParams(params, (p) => {
      const set = (k, v) => { if (v.trim()) p.set(k, v.trim()); else p.delete(k); };
      set('q', input.value);
      set('from', from.value);
      set('to', to.value);
      set('sort', sort.value);
    }));
    sort.addEventListener('change', submit);
    const form = h('form', { id: 'search-form', class: 'searchbar', role: 'search', onsubmit: (e) => { e.preventDefault(); submit(); } },
      h('div', { class: 'searchrow' },
        input,
        h('button', { type: 'submit', class: 'primary' }, '検索')),
      h('div', { class: 'optrow' },
        h('label', { for: 'from' }, '期間'), from, h('span', { class: 'sep' }, '〜'), to,
        h('button', { type: 'submit', class: 'ghost' }, '適用'),
        h('span', { class: 'spacer' }),
        h('label', { for: 'sort' }, '並び順'), sort));
    return form;
  }

  function summaryLine(params, res, q) {
    const line = h('div', { class: 'summary' });
    if (q && (!res.terms || res.terms.length === 0)) {
      line.append(h('p', { class: 'notice' },
        `「${q}」には検索できる語がありません（助詞や記号だけです）。名詞で検索してください（例：川崎市、覚書）。`));
      return line;
    }
    const first = (res.page ? (res.page - 1) * res.size : 0) + (res.hits.length ? 1 : 0);
    const last = first + res.hits.length - (res.hits.length ? 1 : 0);
    line.append(h('span', { class: 'total', id: 'total', dataset: { total: String(res.total) } }, h('strong', null, num(res.total)), ' 件'));
    if (res.hits.length) line.append(h('span', { class: 'range' }, `（${num(first)}–${num(last)} 件目）`));
    if (res.terms && res.terms.length) line.append(h('span', { class: 'terms' }, '検索語: ', res.terms.join(' · ')));
    const exp = new URLSearchParams(params);
    exp.delete('page');
    exp.delete('size');
    const csv = new URLSearchParams(exp); csv.set('format', 'csv');
    const jsonl = new URLSearchParams(exp); jsonl.set('format', 'jsonl');
    const agreements = new URLSearchParams(csv); agreements.set('rows', 'agreements');
    line.append(h('span', { class: 'exports' }, '書き出し: ',
      h('a', { href: `/api/export?${csv}`, download: 'pressroom-export.csv', id: 'export-csv' }, 'CSV'), ' ',
      h('a', { href: `/api/export?${jsonl}`, download: 'pressroom-export.jsonl' }, 'JSONL'), ' ',
      h('a', { href: `/api/export?${agreements}`, download: 'pressroom-agreements.csv', id: 'export-agreements',
        title: '協定・契約ごとに1行（提携先、種類、締結日、項目）' }, '協定の一覧（CSV）')));
    return line;
  }

  function activeFilters(params, orgs) {
    const chips = [];
    for (const name of FILTERS) {
      for (const v of params.getAll(name)) {
        const label = name === 'kind' ? (AGREEMENT_KINDS[v] || v) : (name === 'publisher' || name === 'partner') ? orgLabel(orgs, v).text : v;
        const ja = FACETS.find((f) => f[0] === name)[1];
        chips.push(h('a', { class: 'chip active', href: toggleValue(params, name, v), 'data-nav': true, title: '絞り込みを外す', dataset: { filter: name, value: v } },
          h('span', { class: 'chip-k' }, ja), label, h('span', { class: 'x', 'aria-hidden': 'true' }, '×')));
      }
    }
    if (params.get('from') || params.get('to')) {
      const href = withParams(params, (p) => { p.delete('from'); p.delete('to'); });
      chips.push(h('a', { class: 'chip active', href, 'data-nav': true, dataset: { filter: 'period' } },
        h('span', { class: 'chip-k' }, '期間'), `${params.get('from') || '…'} 〜 ${params.get('to') || '…'}`, h('span', { class: 'x', 'aria-hidden': 'true' }, '×')));
    }
    if (!chips.length) return null;
    return h('div', { class: 'active-filters', id: 'active-filters' }, chips,
      h('a', { class: 'clear', href: withParams(new URLSearchParams(params.get('q') ? { q: params.get('q') } : {}), () => {}), 'data-nav': true }, 'すべて解除'));
  }

  function facetBox(params, res, orgs, name, ja, en) {
    const vals = (res.facets && res.facets[name]) || [];
    const box = h('section', { class: 'facet', dataset: { facet: name } },
      h('h3', null, ja, h('span', { class: 'en' }, en)));
    if (!vals.length) {
      box.append(h('p', { class: 'facet-empty' }, '—'));
      return box;
    }
    const maxCount = Math.max(...vals.map((v) => v.count));
    let list = vals;
    if (name === 'year') list = [...vals].sort((a, b) => b.value.localeCompare(a.value));
    const ul = h('ul');
    for (const v of list) {
      let label = v.value;
      let title = v.value;
      if (name === 'publisher' || name === 'partner') ({ text: label, title } = orgLabel(orgs, v.value));
      else if (name === 'kind') label = AGREEMENT_KINDS[v.value] || v.value;
      else if (name === 'year') label = `${v.value}年`;
      const active = name === 'year' ? yearActive(params, v.value) : params.getAll(name).includes(v.value);
      const href = name === 'year' ? toggleYear(params, v.value) : toggleValue(params, name, v.value);
      const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
      bar.style.width = `${Math.max(4, Math.round((v.count / maxCount) * 100))}%`;
      ul.append(h('li', null,
        h('a', { class: `facet-value${active ? ' active' : ''}`, href, 'data-nav': true, title, 'aria-pressed': String(active), dataset: { value: v.value } },
          h('span', { class: 'check', 'aria-hidden': 'true' }, active ? '✓' : ''),
          h('span', { class: 'name' }, label),
          h('span', { class: 'count' }, num(v.count)),
          bar)));
    }
    box.append(ul);
    return box;
  }

  function hitList(params, res, orgs, q) {
    if (!res.hits.length) {
      if (q && (!res.terms || !res.terms.length)) return null;
      return h('div', { class: 'empty' },
        h('p', null, '該当するリリースはありません。'),
        h('p', { class: 'hint' }, '語を減らす、絞り込みを外す、または「"…"」で囲まずに検索してみてください。'));
    }
    const ol = h('ol', { class: 'hits', id: 'hits' });
    for (const hit of res.hits) ol.append(hitItem(params, hit));
    return ol;
  }

  function hitItem(params, hit) {
    const rel = hit.release;
    const hl = hit.highlights || {};
    const title = hl.title && hl.title.length ? marked(hl.title[0]) : document.createTextNode(rel.title);
    const kinds = [...new Set((rel.agreements || []).map((a) => a.kind).filter(Boolean))];
    const partners = [...new Set((rel.agreements || []).map((a) => a.partner).filter(Boolean))];
    const meta = h('div', { class: 'hit-meta' },
      h('time', { datetime: rel.published || '' }, jaDate(rel.published)),
      kinds.map((k) => kindBadge(k)),
      (rel.categories || []).slice(0, 3).map((c) => h('span', { class: 'cat' }, c)));
    const orgLine = h('div', { class: 'hit-orgs' });
    if ((rel.publishers || []).length) {
      orgLine.append(h('span', { class: 'role' }, '発表'),
        h('span', { class: 'publishers' }, rel.publishers.map((k) => releaseOrgName(rel, k)).join('、')));
    }
    if (partners.length) {
      append(orgLine, [h('span', { class: 'role' }, '提携先'),
        partners.slice(0, 6).map((k) => h('a', {
          class: 'chip partner', href: params.getAll('partner').includes(k) ? withParams(params, () => {}) : toggleValue(params, 'partner', k),
          'data-nav': true, title: `提携先「${releaseOrgName(rel, k)}」で絞り込む`, dataset: { partner: k },
        }, releaseOrgName(rel, k))),
        partners.length > 6 ? h('span', { class: 'more' }, `ほか${partners.length - 6}`) : null]);
    }
    const snippets = (hl.body || []).map((f) => h('p', { class: 'snippet' }, marked(f)));
    if (!snippets.length && rel.body) {
      snippets.push(h('p', { class: 'snippet plain' }, [...rel.body].slice(0, 140).join('').replace(/\s+/g, ' ') + '…'));
    }
    return h('li', { class: 'hit', dataset: { id: hit.id } },
      meta,
      h('h2', { class: 'hit-title' }, h('a', { href: `/releases/${encodeURIComponent(hit.id)}`, 'data-nav': true }, title)),
      orgLine,
      snippets,
      h('div', { class: 'hit-url' }, rel.url));
  }

  function pager(params, res) {
    if (!res.pages || res.pages <= 1) return null;
    const page = res.page || 1;
    const link = (n, label, cls) => {
      const p = new URLSearchParams(params);
      if (n > 1) p.set('page', String(n)); else p.delete('page');
      const str = p.toString();
      return h('a', { href: str ? `/?${str}` : '/', 'data-nav': true, class: cls || '', 'aria-current': n === page ? 'page' : null, dataset: { page: String(n) } }, label);
    };
    const nav = h('nav', { class: 'pager', 'aria-label': 'ページ' });
    if (page > 1) nav.append(link(page - 1, '‹ 前へ', 'prev'));
    const shown = new Set([1, res.pages, page - 2, page - 1, page, page + 1, page + 2]);
    let gap = false;
    for (let n = 1; n <= res.pages; n++) {
      if (!shown.has(n)) {
        if (!gap) nav.append(h('span', { class: 'gap' }, '…'));
        gap = true;
        continue;
      }
      gap = false;
      nav.append(link(n, String(n), n === page ? 'current' : ''));
    }
    if (page < res.pages) nav.append(link(page + 1, '次へ ›', 'next'));
    return nav;
  }

  // ---------- release ----------
  async function releaseView(id, current) {
    const rel = await api(`/api/releases/${encodeURIComponent(id)}`);
    if (!current()) return;
    document.title = `${rel.title} — pressroom`;
    const back = h('nav', { class: 'crumbs' },
      h('a', { href: lastSearch, 'data-nav': true, id: 'back' }, '← 検索結果に戻る'));
    render(back, h('div', { class: 'release' }, releaseText(rel), releaseStructure(rel)));
  }

  function releaseText(rel) {
    const pubs = (rel.publishers || []).map((k) => releaseOrgName(rel, k));
    const body = h('div', { class: 'release-body', id: 'release-body' });
    const paragraphs = (rel.body || '').split(/\n{2,}/);
    const matcher = orgMatcher(rel);
    for (const para of paragraphs) {
      if (!para.trim()) continue;
      body.append(h('p', null, withOrgMentions(para, matcher)));
    }
    let source;
    if (isWebURL(rel.url)) {
      source = h('a', { href: rel.url, target: '_blank', rel: 'noopener noreferrer', id: 'source-link' }, rel.url);
    } else {
      source = h('span', { id: 'source-link', class: 'nolink' }, rel.url);
    }
    return h('article', { class: 'release-text', 'aria-label': '本文' },
      (rel.categories || []).length ? h('div', { class: 'cats' }, rel.categories.map((c) => h('span', { class: 'cat' }, c))) : null,
      h('h1', { id: 'release-title' }, rel.title),
      rel.subtitle ? h('p', { class: 'subtitle' }, rel.subtitle) : null,
      h('div', { class: 'release-meta' },
        h('time', { datetime: rel.published || '' }, jaDate(rel.published)),
        pubs.length ? h('span', { class: 'publishers' }, pubs.join(' / ')) : null),
      matcher ? h('p', { class: 'mention-legend' }, '下線は抽出した組織（色は種別）: ',
        Object.entries(ORG_KINDS).map(([k, label]) => h('span', { class: `org-mention ok-${k}` }, label))) : null,
      body,
      h('p', { class: 'source' }, h('span', { class: 'k' }, '出典 Source'), source));
  }

  // orgMatcher finds the organizations' names and aliases in the text, so
  // the body shows what the extractor recognised.
  function orgMatcher(rel) {
    const names = [];
    for (const o of rel.organizations || []) {
      for (const n of new Set([o.name, o.normalized, ...(o.aliases || [])])) {
        if (n && [...n].length >= 2) names.push([n, o]);
      }
    }
    names.sort((a, b) => b[0].length - a[0].length);
    if (!names.length) return null;
    const esc = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { re: new RegExp(names.map(([n]) => esc(n)).join('|'), 'g'), byName: new Map(names) };
  }

  function withOrgMentions(text, matcher) {
    if (!matcher) return text;
    const out = [];
    let last = 0;
    matcher.re.lastIndex = 0;
    let m;
    while ((m = matcher.re.exec(text)) !== null) {
      if (m.index > last) out.push(text.slice(last, m.index));
      const o = matcher.byName.get(m[0]);
      out.push(h('span', { class: `org-mention ok-${o.kind || 'other'}`, title: `${o.name}（${ORG_KINDS[o.kind] || '組織'}）` }, m[0]));
      last = m.index + m[0].length;
    }
    out.push(text.slice(last));
    return out;
  }

  function section(id, ja, en, count, ...kids) {
    return h('section', { class: 'struct', id },
      h('h2', null, ja, h('span', { class: 'en' }, en), count !== null ? h('span', { class: 'n' }, String(count)) : null),
      kids);
  }

  function releaseStructure(rel) {
    const ags = (rel.agreements || []).filter((a) => a.from !== 'table');
    const earlier = (rel.agreements || []).filter((a) => a.from === 'table');
    const agreements = section('agreements', '提携・協定', 'Agreements', ags.length,
      ags.length ? ags.map((a) => agreementCard(rel, a)) : h('p', { class: 'none' }, earlier.length ? '本文で発表された提携はありません（沿革のみ）。' : 'このリリースに提携・協定は見つかりませんでした。'));
    const history = earlier.length ? section('history', '沿革・これまでの提携', 'Earlier agreements', earlier.length,
      h('ol', { class: 'history' }, earlier.map((a) => h('li', { class: 'agreement compact', dataset: { partner: a.partner || '' } },
        h('div', { class: 'ag-head' },
          h('span', { class: 'ag-date' }, a.signed ? jaDate(a.signed) : '日付不明'),
          kindBadge(a.kind, a.label),
          h('a', { class: 'partner', href: `/network?org=${encodeURIComponent(a.partner)}`, 'data-nav': true }, orgShort(rel, a.partner))),
        (a.items || []).length ? h('p', { class: 'ag-items-inline' }, a.items.join(' ／ ')) : null)))) : null;

    const orgRows = (rel.organizations || []).map((o) => h('tr', null,
      h('td', null, h('span', { class: `dot ok-${o.kind || 'other'}`, 'aria-hidden': 'true' }), h('a', { href: `/network?org=${encodeURIComponent(o.normalized)}`, 'data-nav': true, title: 'ネットワークで見る' }, o.name)),
      h('td', { class: 'aliases' }, (o.aliases || []).join('、')),
      h('td', null, ORG_KINDS[o.kind] || o.kind || ''),
      h('td', null, countryName(o.country))));
    const orgs = section('organizations', '組織', 'Organizations', orgRows.length,
      orgRows.length ? h('table', null, h('thead', null, h('tr', null, h('th', null, '名称'), h('th', null, '別名'), h('th', null, '種別'), h('th', null, '国'))), h('tbody', null, orgRows)) : h('p', { class: 'none' }, '—'));

    const peopleRows = (rel.people || []).map((p) => h('tr', null,
      h('td', null, p.name), h('td', null, p.title || ''), h('td', null, p.organization ? releaseOrgName(rel, p.organization) : '')));
    const people = section('people', '人物', 'People', peopleRows.length,
      peopleRows.length ? h('table', null, h('thead', null, h('tr', null, h('th', null, '氏名'), h('th', null, '役職'), h('th', null, '所属'))), h('tbody', null, peopleRows)) : h('p', { class: 'none' }, '—'));

    const dateRows = (rel.dates || []).map((d) => h('tr', null,
      h('td', null, d.text), h('td', null, h('time', { datetime: d.value }, d.value)), h('td', null, DATE_ROLES[d.role] || d.role || '')));
    const dates = section('dates', '日付', 'Dates', dateRows.length,
      dateRows.length ? h('table', null, h('thead', null, h('tr', null, h('th', null, '表記'), h('th', null, '値'), h('th', null, '役割'))), h('tbody', null, dateRows)) : h('p', { class: 'none' }, '—'));

    const first = (rel.publishers || [])[0];
    const links = first ? h('p', { class: 'struct-links' },
      h('a', { href: `/network?org=${encodeURIComponent(first)}`, 'data-nav': true, class: 'button' }, '発表元の提携ネットワーク →'),
      h('a', { href: `/?publisher=${encodeURIComponent(first)}`, 'data-nav': true, class: 'button ghost' }, '同じ発表元のリリース')) : null;
    return h('aside', { class: 'release-structure', 'aria-label': '抽出結果' },
      h('div', { class: 'struct-title' }, '抽出結果', h('span', { class: 'en' }, 'Extracted structure')),
      agreements, history, orgs, people, dates, links);
  }

  function agreementCard(rel, a) {
    const parties = (a.parties && a.parties.length ? a.parties : [a.partner]).filter(Boolean);
    return h('div', { class: `agreement k-${AGREEMENT_KINDS[a.kind] ? a.kind : 'other'}`, dataset: { partner: a.partner || '' } },
      h('div', { class: 'ag-head' },
        kindBadge(a.kind, a.label),
        a.label ? h('span', { class: 'ag-label' }, a.label) : null,
        h('span', { class: 'ag-date' }, a.signed ? `${jaDate(a.signed)} 締結` : '締結日不明'),
        a.from ? h('span', { class: 'ag-from' }, FOUND_IN[a.from] || a.from) : null),
      h('div', { class: 'ag-parties' },
        parties.map((k, i) => [i ? h('span', { class: 'x' }, '×') : null,
          h('a', { href: `/network?org=${encodeURIComponent(k)}`, 'data-nav': true, class: k === a.partner ? 'partner' : '', title: releaseOrgName(rel, k) }, orgShort(rel, k))])),
      a.purpose ? h('p', { class: 'ag-purpose' }, h('span', { class: 'k' }, '目的'), a.purpose) : null,
      (a.items || []).length
        ? h('ol', { class: 'agreement-items' }, a.items.map((it) => h('li', null, it)))
        : h('p', { class: 'none' }, '合意事項の記載なし'));
  }

  // ---------- network ----------
  async function networkView(params, current) {
    const apiParams = new URLSearchParams();
    for (const k of ['from', 'to', 'org', 'q']) if (params.get(k)) apiParams.set(k, params.get(k));
    for (const k of params.getAll('kind')) apiParams.append('kind', k);
    const net = await api(`/api/partners?${apiParams}`);
    if (!current()) return;

    const org = params.get('org') || '';
    const controls = networkControls(params, net, org);
    const timeline = h('section', { class: 'panel timeline-panel' },
      h('h2', null, '月別の提携件数', h('span', { class: 'en' }, 'Agreements per month'),
        h('span', { class: 'hint' }, net.truncated ? `読み込んだ ${num(net.releases)} 件のリリースから集計 · ` : '', '棒をクリックするとその年に絞り込みます')),
      timelineChart(params, net));
    const panel = h('aside', { class: 'node-panel', id: 'node-panel', 'aria-live': 'polite' });
    panelOverview(net, panel);
    const graph = h('section', { class: 'panel graph-panel' },
      h('h2', null, '提携ネットワーク', h('span', { class: 'en' }, 'Who agreed with whom'),
        h('span', { class: 'stats' }, `${num(net.nodes.length)} 組織 · ${num(net.edges.length)} 件の提携`,
          net.truncated ? `（該当 ${num(net.matched)} 件のうち${params.get('from') ? '期間の初めから' : '新しい順に'} ${num(net.releases)} 件のリリースから）` : '',
          net.nodes_omitted ? `（他 ${num(net.nodes_omitted)} 組織は省略）` : '')),
      net.nodes.length ? networkChart(net, panel, org) : h('p', { class: 'empty' }, 'この条件の提携はありません。'),
      legend());
    render(controls, timeline, h('div', { class: 'net-cols' }, graph, panel));
    if (org) {
      const n = net.nodes.find((x) => x.id === org);
      if (n) selectNode(net, panel, n);
    }
  }

  function networkURL(params, mutate) {
    const p = new URLSearchParams(params);
    mutate(p);
    const str = p.toString();
    return str ? `/network?${str}` : '/network';
  }

  function networkControls(params, net, org) {
    // Years to choose from: every year with releases in the index, and
    // those the agreements read are dated to.
    const counts = new Map((net.release_years || []).map((y) => [y.value, y.count]));
    for (const y of net.years || []) if (!counts.has(y.period)) counts.set(y.period, 0);
    const years = [...counts.keys()].sort().map((period) => ({ period, count: counts.get(period) }));
    const cur = params.get('from') && params.get('from') === params.get('to') ? params.get('from') : '';
    const anyPeriod = !params.get('from') && !params.get('to');
    const chips = h('div', { class: 'years', role: 'group', 'aria-label': '年で絞り込み', id: 'year-filter' },
      h('a', { class: `chip${anyPeriod ? ' active' : ''}`, href: networkURL(params, (p) => { p.delete('from'); p.delete('to'); }), 'data-nav': true, dataset: { year: '' } }, '全期間'),
      years.map((y) => h('a', {
        class: `chip${cur === y.period ? ' active' : ''}`, 'data-nav': true, dataset: { year: y.period },
        href: networkURL(params, (p) => { if (cur === y.period) { p.delete('from'); p.delete('to'); } else { p.set('from', y.period); p.set('to', y.period); } }),
        title: `${y.period}年のリリース ${num(y.count)} 件`,
      }, `${y.period}`, h('span', { class: 'count' }, num(y.count)))));
    const kind = h('select', { id: 'net-kind', 'aria-label': '提携の種類' },
      h('option', { value: '' }, 'すべての種類'),
      Object.entries(AGREEMENT_KINDS).map(([k, label]) => h('option', { value: k, selected: params.get('kind') === k }, label)));
    kind.addEventListener('change', () => navigate(networkURL(params, (p) => { if (kind.value) p.set('kind', kind.value); else p.delete('kind'); })));
    const orgInput = h('input', { id: 'net-org', type: 'search', value: org, placeholder: '組織名で絞り込み（例：川崎市）', 'aria-label': '組織名' });
    const form = h('form', { class: 'org-filter', onsubmit: (e) => { e.preventDefault(); navigate(networkURL(params, (p) => { if (orgInput.value.trim()) p.set('org', orgInput.value.trim()); else p.delete('org'); })); } },
      orgInput, h('button', { type: 'submit', class: 'ghost' }, '表示'));
    const reset = (org || params.get('kind') || !anyPeriod) ? h('a', { href: '/network', 'data-nav': true, class: 'clear' }, 'すべて解除') : null;
    return h('div', { class: 'net-controls' }, h('span', { class: 'ctl-k' }, '年'), chips, kind, form, reset);
  }

  function timelineChart(params, net) {
    const months = net.months || [];
    if (!months.length) return h('p', { class: 'empty' }, '日付のある提携はありません。');
    // Every month from the first to the last, gaps included.
    const byMonth = new Map(months.map((m) => [m.period, m]));
    const [y0, m0] = months[0].period.split('-').map(Number);
    const [y1, m1] = months[months.length - 1].period.split('-').map(Number);
    const all = [];
    for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? (y++, m = 1) : m++) {
      all.push(`${y}-${String(m).padStart(2, '0')}`);
    }
    const maxCount = Math.max(...months.map((m) => m.count));
    const W = Math.max(600, app.clientWidth - 80, all.length * 8), H = 150, top = 14, bottom = 24, left = 26;
    const bw = (W - left - 6) / all.length;
    const from = params.get('from') || '', to = params.get('to') || '';
    const svg = s('svg', { id: 'timeline', class: 'timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': '月別の提携件数' });
    const scale = (c) => ((H - top - bottom) * c) / maxCount;
    // Grid lines.
    const step = maxCount <= 5 ? 1 : Math.ceil(maxCount / 4);
    for (let c = step; c <= maxCount; c += step) {
      const y = H - bottom - scale(c);
      svg.append(s('line', { x1: left, x2: W, y1: y, y2: y, class: 'grid' }), s('text', { x: left - 4, y: y + 3, class: 'axis', 'text-anchor': 'end' }, String(c)));
    }
    all.forEach((period, i) => {
      const x = left + i * bw;
      const [yy, mm] = period.split('-');
      if (mm === '01' || i === 0) {
        svg.append(s('line', { x1: x, x2: x, y1: top, y2: H - bottom + 4, class: 'yearline' }),
          s('text', { x: x + 2, y: H - 6, class: 'axis year' }, yy));
      }
      const m = byMonth.get(period);
      if (!m) return;
      const inPeriod = (!from || `${period}-31` >= from) && (!to || `${period}-01` <= to.padEnd(10, '-31'));
      const g = s('g', { class: `bar${inPeriod ? '' : ' dim'}`, dataset: { month: period }, tabindex: '0' });
      g.append(s('title', null, `${jaDate(period)}: ${m.count}件` + Object.entries(m.kinds || {}).map(([k, n]) => `\n${AGREEMENT_KINDS[k] || k} ${n}`).join('')));
      let y = H - bottom;
      for (const k of Object.keys(AGREEMENT_KINDS)) {
        const n = (m.kinds || {})[k] || 0;
        if (!n) continue;
        const hgt = scale(n);
        y -= hgt;
        g.append(s('rect', { x: x + 1, y, width: Math.max(2, bw - 2), height: hgt, class: `k-${k}` }));
      }
      const rest = m.count - Object.values(m.kinds || {}).reduce((a, b) => a + b, 0);
      if (rest > 0) {
        const hgt = scale(rest);
        y -= hgt;
        g.append(s('rect', { x: x + 1, y, width: Math.max(2, bw - 2), height: hgt, class: 'k-other' }));
      }
      g.addEventListener('click', () => navigate(networkURL(params, (p) => { p.set('from', yy); p.set('to', yy); })));
      svg.append(g);
    });
    svg.append(s('line', { x1: left, x2: W, y1: H - bottom, y2: H - bottom, class: 'baseline' }));
    return h('div', { class: 'timeline-scroll' }, svg);
  }

  function legend() {
    return h('div', { class: 'legend' },
      h('span', { class: 'legend-k' }, '組織'),
      Object.entries(ORG_KINDS).map(([k, label]) => h('span', { class: 'legend-item' }, h('span', { class: `dot ok-${k}` }), label)),
      h('span', { class: 'legend-k' }, '提携'),
      Object.entries(AGREEMENT_KINDS).map(([k, label]) => h('span', { class: 'legend-item' }, h('span', { class: `line k-${k}` }), label)));
  }

  // layout places nodes with a small Fruchterman–Reingold simulation, one
  // connected group at a time (nodes repel, agreements pull, a weak gravity
  // keeps the group together), then packs the groups in rows, the biggest
  // first. Deterministic: the same network always gets the same picture.
  // It returns the height the drawing needs at width W.
  function layout(nodes, edges, W) {
    const n = nodes.length;
    const idx = new Map(nodes.map((d, i) => [d.id, i]));
    const adj = nodes.map(() => []);
    const links = [];
    for (const e of edges) {
      const a = idx.get(e.source), b = idx.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      links.push([a, b]);
      adj[a].push(b);
      adj[b].push(a);
    }
    // Connected groups, in node order (the API sends the most connected first).
    const group = new Int32Array(n).fill(-1);
    const groups = [];
    for (let i = 0; i < n; i++) {
      if (group[i] >= 0) continue;
      const members = [i];
      group[i] = groups.length;
      for (let k = 0; k < members.length; k++) {
        for (const j of adj[members[k]]) {
          if (group[j] < 0) { group[j] = groups.length; members.push(j); }
        }
      }
      groups.push(members);
    }
    const x = new Float64Array(n), y = new Float64Array(n);
    const K = 95; // ideal distance between linked nodes
    const placed = [];
    for (const members of groups) {
      const m = members.length;
      members.forEach((node, i) => {
        const r = K * 0.4 * Math.sqrt(i + 0.5), a = i * 2.399963;
        x[node] = r * Math.cos(a);
        y[node] = r * Math.sin(a);
      });
      const local = new Set(members);
      const glinks = links.filter(([a]) => local.has(a));
      const dx = new Float64Array(n), dy = new Float64Array(n);
      let temp = K * Math.sqrt(m);
      // Big groups get less pull to the centre, so their hubs spread out.
      const gravity = m > 60 ? 0.004 : 0.02;
      const iterations = m > 1 ? (m > 100 ? 250 : 350) : 0;
      for (let it = 0; it < iterations; it++) {
        for (const i of members) { dx[i] = 0; dy[i] = 0; }
        for (let p = 0; p < m; p++) {
          const i = members[p];
          for (let q = p + 1; q < m; q++) {
            const j = members[q];
            let ddx = x[i] - x[j], ddy = y[i] - y[j];
            let d2 = ddx * ddx + ddy * ddy;
            if (d2 < 1e-4) { ddx = (p - q) * 0.01; ddy = 0.01; d2 = ddx * ddx + ddy * ddy; }
            const f = (K * K) / d2;
            dx[i] += ddx * f; dy[i] += ddy * f;
            dx[j] -= ddx * f; dy[j] -= ddy * f;
          }
        }
        for (const [a, b] of glinks) {
          const ddx = x[a] - x[b], ddy = y[a] - y[b];
          const d = Math.sqrt(ddx * ddx + ddy * ddy) || 0.01;
          const f = d / K;
          dx[a] -= ddx * f; dy[a] -= ddy * f;
          dx[b] += ddx * f; dy[b] += ddy * f;
        }
        for (const i of members) {
          dx[i] -= x[i] * gravity;
          dy[i] -= y[i] * gravity;
          const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
          if (d > 0) {
            const f = Math.min(d, temp) / d;
            x[i] += dx[i] * f;
            y[i] += dy[i] * f;
          }
        }
        temp = Math.max(temp * 0.97, 0.5);
      }
      // The group's box, with room for the labels beside the circles.
      let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      let cx = 0;
      for (const i of members) cx += x[i] / m;
      for (const i of members) {
        const lw = labelWidth(nodes[i].label) + radius(nodes[i]) + 6;
        const left = m > 1 && x[i] < cx;
        minX = Math.min(minX, x[i] - (left ? lw : radius(nodes[i])));
        maxX = Math.max(maxX, x[i] + (left ? radius(nodes[i]) : lw));
        minY = Math.min(minY, y[i] - radius(nodes[i]) - 8);
        maxY = Math.max(maxY, y[i] + radius(nodes[i]) + 8);
        nodes[i].labelLeft = left;
      }
      placed.push({ members, minX, minY, w: maxX - minX, h: maxY - minY });
    }
    // Pack the groups in rows.
    const pad = 18, gap = 26;
    let rowX = pad, rowY = pad, rowH = 0;
    for (const g of placed) {
      const sc = g.w > W - 2 * pad ? (W - 2 * pad) / g.w : 1;
      const w = g.w * sc, hgt = g.h * sc;
      if (rowX > pad && rowX + w > W - pad) {
        rowX = pad;
        rowY += rowH + gap;
        rowH = 0;
      }
      for (const i of g.members) {
        nodes[i].x = rowX + (x[i] - g.minX) * sc;
        nodes[i].y = rowY + (y[i] - g.minY) * sc;
      }
      rowX += w + gap;
      rowH = Math.max(rowH, hgt);
    }
    // Centre the drawing when it is narrower than W.
    let right = 0;
    for (const nd of nodes) right = Math.max(right, nd.x + (nd.labelLeft ? radius(nd) : labelWidth(nd.label) + radius(nd) + 6));
    const shift = Math.max(0, (W - pad - right) / 2);
    for (const nd of nodes) nd.x += shift;
    return rowY + rowH + pad;
  }

  function radius(n) {
    return 5 + 3.2 * Math.sqrt(n.agreements || 1);
  }

  // labelWidth guesses a label's width at 12.5px: full-width characters
  // take about one em, Latin letters about half.
  function labelWidth(label) {
    let w = 0;
    for (const ch of label || '') w += ch.charCodeAt(0) > 0x2e80 ? 12.5 : 7;
    return w;
  }

  function networkChart(net, panel, org) {
    const W = 1000;
    const nodes = net.nodes.map((n) => ({ ...n }));
    const H = Math.max(420, Math.ceil(layout(nodes, net.edges, W)));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const svg = s('svg', { id: 'network', class: 'network', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': '提携ネットワーク図' });
    const edgeLayer = s('g', { class: 'edges' });
    const nodeLayer = s('g', { class: 'nodes' });
    // One line per pair, however many agreements: width shows how many.
    const pairs = new Map();
    for (const e of net.edges) {
      const key = e.source < e.target ? `${e.source}\u0000${e.target}` : `${e.target}\u0000${e.source}`;
      const p = pairs.get(key) || { a: e.source, b: e.target, edges: [] };
      p.edges.push(e);
      pairs.set(key, p);
    }
    for (const p of pairs.values()) {
      const a = byId.get(p.a), b = byId.get(p.b);
      if (!a || !b) continue;
      const line = s('line', {
        x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        class: `edge k-${AGREEMENT_KINDS[p.edges[0].kind] ? p.edges[0].kind : 'other'}`, dataset: { source: p.a, target: p.b },
      });
      line.style.strokeWidth = String(Math.min(1.5 + p.edges.length, 6));
      line.append(s('title', null, `${a.label} × ${b.label}\n` + p.edges.map((e) => `${jaDate(e.date)} ${AGREEMENT_KINDS[e.kind] || e.label || ''}`).join('\n')));
      edgeLayer.append(line);
    }
    const showAllLabels = nodes.length <= 60;
    const labelled = showAllLabels ? Infinity : 16;
    nodes.forEach((n, i) => {
      const r = radius(n);
      const g = s('g', {
        class: `node ok-${n.kind || 'other'}${n.id === org ? ' focus' : ''}`, transform: `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`,
        tabindex: '0', role: 'button', 'aria-label': `${n.name}（提携 ${n.agreements} 件）`, dataset: { key: n.id },
      });
      g.append(s('title', null, `${n.name}${n.aliases && n.aliases.length ? `（${n.aliases.join('、')}）` : ''}\n${ORG_KINDS[n.kind] || '組織'} · 提携 ${n.agreements} 件 · リリース ${n.releases} 件`));
      g.append(s('circle', { r: r.toFixed(1) }));
      if (i < labelled || n.id === org) {
        if (n.agreements >= 3) {
          g.append(s('text', { class: 'label hub', x: '0', y: (r + 15).toFixed(1), 'text-anchor': 'middle' }, n.label));
        } else {
          g.append(s('text', { class: 'label', x: (n.labelLeft ? -(r + 4) : r + 4).toFixed(1), y: '4', 'text-anchor': n.labelLeft ? 'end' : 'start' }, n.label));
        }
      }
      const choose = () => selectNode(net, panel, n);
      g.addEventListener('click', choose);
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(); } });
      nodeLayer.append(g);
    });
    svg.append(edgeLayer, nodeLayer);
    return svg;
  }

  function clearSelection() {
    const svg = document.getElementById('network');
    if (!svg) return;
    svg.classList.remove('has-selection');
    for (const el of svg.querySelectorAll('.selected, .near')) el.classList.remove('selected', 'near');
  }

  // panelOverview lists the most connected organizations until one is
  // chosen.
  function panelOverview(net, panel) {
    const top = net.nodes.slice(0, 15);
    const max = Math.max(1, ...top.map((n) => n.agreements));
    panel.replaceChildren(
      h('h3', null, '提携の多い組織', h('span', { class: 'en' }, 'Most connected')),
      h('p', { class: 'hint' }, '図の円か、下の名前をクリックすると、その組織の提携を一覧します。'),
      h('ol', { class: 'ranking' }, top.map((n) => {
        const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
        bar.style.width = `${Math.round((n.agreements / max) * 100)}%`;
        return h('li', null, h('button', { type: 'button', class: 'rank', dataset: { key: n.id }, onclick: () => selectNode(net, panel, n) },
          h('span', { class: `dot ok-${n.kind || 'other'}` }),
          h('span', { class: 'name', title: n.name }, n.label),
          h('span', { class: 'count' }, `${n.agreements} 件`),
          bar));
      })));
  }

  function selectNode(net, panel, n) {
    const svg = document.getElementById('network');
    const neighbours = new Set([n.id]);
    const mine = net.edges.filter((e) => e.source === n.id || e.target === n.id);
    for (const e of mine) { neighbours.add(e.source); neighbours.add(e.target); }
    if (svg) {
      svg.classList.add('has-selection');
      for (const g of svg.querySelectorAll('g.node')) {
        g.classList.toggle('selected', g.dataset.key === n.id);
        g.classList.toggle('near', neighbours.has(g.dataset.key));
      }
      for (const l of svg.querySelectorAll('line.edge')) {
        l.classList.toggle('near', l.dataset.source === n.id || l.dataset.target === n.id);
      }
    }
    const label = (id) => {
      const o = net.nodes.find((x) => x.id === id);
      return o ? o.name : id;
    };
    const rows = mine.map((e) => {
      const other = e.source === n.id ? e.target : e.source;
      return h('li', { class: 'node-agreement', dataset: { partner: other } },
        h('div', { class: 'na-head' },
          kindBadge(e.kind, e.label),
          h('span', { class: 'na-partner' }, label(other)),
          h('span', { class: 'na-date' }, jaDate(e.date))),
        e.purpose ? h('p', { class: 'na-purpose' }, e.purpose) : null,
        e.items.length ? h('ul', { class: 'na-items' }, e.items.slice(0, 6).map((it) => h('li', null, it)), e.items.length > 6 ? h('li', { class: 'more' }, `ほか ${e.items.length - 6} 件`) : null) : null,
        h('div', { class: 'na-src' }, (e.releases || []).slice(0, 3).map((r) => h('a', { href: `/releases/${encodeURIComponent(r.id)}`, 'data-nav': true, title: r.title }, '▸ ', r.title))));
    });
    panel.replaceChildren(
      h('button', { type: 'button', class: 'linkish', onclick: () => { clearSelection(); panelOverview(net, panel); } }, '← 一覧に戻る'),
      h('div', { class: 'np-head' },
        h('h3', { id: 'node-name' }, n.name),
        n.aliases && n.aliases.length ? h('p', { class: 'aliases' }, '別名: ', n.aliases.join('、')) : null,
        h('p', { class: 'np-meta' },
          h('span', { class: `dot ok-${n.kind || 'other'}` }), ORG_KINDS[n.kind] || '組織',
          n.country ? ` · ${countryName(n.country)}` : '',
          ` · 提携 ${n.agreements} 件 · リリース ${n.releases} 件`),
        h('p', { class: 'np-links' },
          h('a', { href: `/network?org=${encodeURIComponent(n.id)}`, 'data-nav': true, class: 'button' }, 'この組織を中心に表示'),
          h('a', { href: `/?publisher=${encodeURIComponent(n.id)}`, 'data-nav': true }, '発表したリリース'),
          h('a', { href: `/?partner=${encodeURIComponent(n.id)}`, 'data-nav': true }, '提携先として'))),
      h('ol', { class: 'np-list', id: 'node-agreements' }, rows));
  }

  route();
})();
