// Results under the navigation's search box while the user types. Without JavaScript the box is a plain
// form that opens the full results page, so nothing here is required.
(function () {
  'use strict';
  var input = document.querySelector('input[data-suggest-url]');
  if (!input || !input.getAttribute('data-suggest-url') || !window.fetch) { return; }
  var url = input.getAttribute('data-suggest-url');
  var form = input.form;
  var menu = document.createElement('div');
  menu.className = 'suggest-menu';
  menu.id = 'search-suggest';
  menu.setAttribute('role', 'listbox');
  menu.hidden = true;
  form.appendChild(menu);
  // A searchbox may not carry aria-expanded: with suggestions it is a combobox (ARIA 1.2 pattern).
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-controls', menu.id);
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');

  var timer = null;
  var lastQuery = '';
  var active = -1;
  var controller = null;

  function items() { return menu.querySelectorAll('.suggest-item'); }

  function close() {
    menu.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function render(data, query) {
    menu.textContent = '';
    active = -1;
    if (data.unavailable) {
      menu.appendChild(el('div', 'suggest-empty', data.message));
    } else if (!data.results.length) {
      menu.appendChild(el('div', 'suggest-empty', 'نتیجه‌ای پیدا نشد؛ Enter را بزنید تا جستجوی کامل انجام شود.'));
    }
    (data.results || []).forEach(function (hit, i) {
      var link = el('a', 'suggest-item');
      link.href = hit.url;
      link.id = 'suggest-' + i;
      link.setAttribute('role', 'option');
      var icon = el('i', 'bi bi-' + hit.icon);
      icon.setAttribute('aria-hidden', 'true');
      var body = el('span', '');
      var title = el('span', 'suggest-title', hit.title);
      title.dir = 'auto';
      var meta = [hit.kind_label, hit.city, hit.date].filter(Boolean).join(' · ');
      body.appendChild(title);
      body.appendChild(el('span', 'suggest-meta', meta));
      link.appendChild(icon);
      link.appendChild(body);
      menu.appendChild(link);
    });
    if (data.more_url && data.results && data.results.length) {
      var more = el('a', 'suggest-more', 'همه نتایج برای «' + query + '»');
      more.href = data.more_url;
      menu.appendChild(more);
    }
    menu.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query.length < 2) { close(); lastQuery = ''; return; }
    if (query === lastQuery && !menu.hidden) { return; }
    lastQuery = query;
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + '?q=' + encodeURIComponent(input.value), {
      credentials: 'same-origin', headers: {'Accept': 'application/json'}, signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      if (input.value.trim() === query) { render(data, query); }
    }).catch(function () { /* the full results page still works */ });
  }

  function move(step) {
    var list = items();
    if (!list.length) { return; }
    if (active >= 0) { list[active].classList.remove('active'); }
    active = (active + step + list.length) % list.length;
    list[active].classList.add('active');
    input.setAttribute('aria-activedescendant', list[active].id);
    list[active].scrollIntoView({block: 'nearest'});
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 220);
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown') { event.preventDefault(); if (menu.hidden) { fetchSuggestions(); } else { move(1); } }
    else if (event.key === 'ArrowUp') { event.preventDefault(); move(-1); }
    else if (event.key === 'Escape') { close(); }
    else if (event.key === 'Enter' && active >= 0 && !menu.hidden) {
      event.preventDefault();
      window.location.href = items()[active].href;
    }
  });
  input.addEventListener('focus', function () { if (lastQuery && input.value.trim() === lastQuery && menu.childNodes.length) { menu.hidden = false; } });
  document.addEventListener('click', function (event) { if (!form.contains(event.target)) { close(); } });
})();
