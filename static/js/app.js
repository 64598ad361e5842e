// Small progressive enhancements; every page works without them.
// No inline script or handler anywhere (the Content-Security-Policy forbids them): behaviour hangs on data- attributes.

// data-confirm on a form or on the button that submits it: ask first.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var button = event.submitter;
  var message = (button && button.getAttribute('data-confirm')) || (form.getAttribute && form.getAttribute('data-confirm'));
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// data-print: print the page; data-history-back: go back one page.
document.addEventListener('click', function (event) {
  var target = event.target.closest && event.target.closest('[data-print], [data-history-back]');
  if (!target) { return; }
  event.preventDefault();
  if (target.hasAttribute('data-print')) { window.print(); } else { window.history.back(); }
});

// data-dim-when="selector": the element is dimmed while the input matched by selector is checked.
document.querySelectorAll('[data-dim-when]').forEach(function (element) {
  var selector = element.getAttribute('data-dim-when');
  function sync() {
    var input = document.querySelector(selector);
    element.classList.toggle('is-dimmed', Boolean(input && input.checked));
  }
  document.querySelectorAll('input[type=radio], input[type=checkbox]').forEach(function (input) {
    input.addEventListener('change', sync);
  });
  sync();
});

// File inputs: the browser's own button speaks the operating system's language ("Choose Files");
// show a Persian button and the chosen names instead. Without JS the native input stays as it is.
(function () {
  var counter = 0;
  function describe(input) {
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    if (!names.length) { return 'فایلی انتخاب نشده است'; }
    var prefix = names.length > 1 ? names.length.toLocaleString('fa-IR') + ' فایل: ' : '';
    return prefix + names.join('، ');
  }
  document.querySelectorAll('input[type=file]').forEach(function (input) {
    if (!input.id) { input.id = 'file-input-' + (++counter); }
    var wrap = document.createElement('div');
    wrap.className = 'input-group file-picker';
    var button = document.createElement('label');
    button.className = 'btn btn-outline-primary';
    button.htmlFor = input.id;
    button.innerHTML = '<i class="bi bi-paperclip me-1" aria-hidden="true"></i>' + (input.multiple ? 'انتخاب فایل‌ها' : 'انتخاب فایل');
    var names = document.createElement('span');
    names.className = 'form-control text-truncate file-names' + (input.classList.contains('is-invalid') ? ' is-invalid' : '');
    names.setAttribute('dir', 'auto');
    names.textContent = describe(input);
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(button);
    wrap.appendChild(names);
    wrap.appendChild(input);
    input.classList.add('visually-hidden');
    input.addEventListener('change', function () { names.textContent = describe(input); });
  });
})();

// A link to #id of a collapsed panel (e.g. «بازگشایی صورتجلسه» → #reopenBox) opens the panel and focuses its first field.
(function () {
  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (!target || !target.classList.contains('collapse') || !window.bootstrap) { return; }
  target.addEventListener('shown.bs.collapse', function () {
    var field = target.querySelector('textarea, input:not([type=hidden]), select');
    if (field) { field.focus(); }
  }, {once: true});
  window.bootstrap.Collapse.getOrCreateInstance(target).show();
}());

// A link to #id of something inside a closed <details> (a resolution's older reports, from a search hit or a task)
// opens the fold and lands on it. Chromium does so by itself; this is for browsers that do not.
(function () {
  function reveal() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (!target) { return; }
    var opened = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS' && !node.open) { node.open = true; opened = true; }
    }
    if (opened) { target.scrollIntoView(); }
  }
  reveal();
  window.addEventListener('hashchange', reveal);
}());
