// Small progressive enhancements; every page works without them.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var message = form.getAttribute && form.getAttribute('data-confirm');
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
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
