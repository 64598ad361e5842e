/* Agenda editing: add a row, move a row up or down, remove a row, without saving first.
 *
 * Without JavaScript the form works as before (blank rows, a «remove» box on saved items, the order shown).
 * With it, each row gets up/down/remove buttons (real buttons: the keyboard works) and an «add» button appears.
 * The fields are renumbered after each change (items-0-…, items-1-…), so the form posts the list in the order
 * shown. A row taken out is left out of the post: the server deletes saved items missing from the list.
 */
(function () {
  'use strict';
  var list = document.getElementById('agenda-rows');
  if (!list) return;
  var ORDINALS = ['اول', 'دوم', 'سوم', 'چهارم', 'پنجم', 'ششم', 'هفتم', 'هشتم', 'نهم', 'دهم', 'یازدهم', 'دوازدهم',
    'سیزدهم', 'چهاردهم', 'پانزدهم', 'شانزدهم', 'هفدهم', 'هجدهم', 'نوزدهم', 'بیستم'];
  var live = document.getElementById('agenda-live');

  function fa(n) {
    return String(n).replace(/[0-9]/g, function (d) { return '۰۱۲۳۴۵۶۷۸۹'[Number(d)]; });
  }

  function ordinal(n) { return n <= ORDINALS.length ? ORDINALS[n - 1] : fa(n) + 'ام'; }

  function rows() { return Array.prototype.slice.call(list.querySelectorAll('.agenda-row')); }

  function renumber() {
    rows().forEach(function (row, i) {
      ['name', 'id', 'for', 'aria-describedby'].forEach(function (attr) {
        row.querySelectorAll('[' + attr + ']').forEach(function (el) {
          el.setAttribute(attr, el.getAttribute(attr).replace(/items-\d+-/g, 'items-' + i + '-'));
        });
      });
      row.querySelector('.agenda-no').textContent = fa(i + 1);
      row.querySelector('.agenda-ordinal').textContent = ordinal(i + 1);
      row.querySelector('[data-agenda=up]').disabled = i === 0;
      row.querySelector('[data-agenda=down]').disabled = i === rows().length - 1;
    });
  }

  function say(text) { if (live) live.textContent = text; }

  function button(action, icon, label) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-sm btn-outline-secondary';
    b.dataset.agenda = action;
    b.setAttribute('aria-label', label);
    b.title = label;
    var i = document.createElement('i');
    i.className = 'bi bi-' + icon;
    i.setAttribute('aria-hidden', 'true');
    b.appendChild(i);
    return b;
  }

  function enhance(row) {
    var box = row.querySelector('.agenda-remove-box');
    if (box) box.hidden = true;  // the «remove» button does its work now
    var tools = document.createElement('span');
    tools.className = 'btn-group agenda-tools';
    tools.setAttribute('role', 'group');
    tools.setAttribute('aria-label', 'جابه‌جایی و حذف بند');
    tools.appendChild(button('up', 'arrow-up', 'بالا بردن بند'));
    tools.appendChild(button('down', 'arrow-down', 'پایین آوردن بند'));
    tools.appendChild(button('remove', 'trash', 'حذف بند'));
    row.querySelector('legend').appendChild(tools);
  }

  function blank(row) {
    row.querySelectorAll('input, textarea, select').forEach(function (el) {
      if (el.type === 'checkbox') el.checked = false;
      else if (el.tagName === 'SELECT') el.selectedIndex = 0;
      else el.value = '';
      el.classList.remove('is-invalid');
    });
    row.querySelectorAll('.invalid-feedback').forEach(function (el) { el.remove(); });
    var box = row.querySelector('.agenda-remove-box');
    if (box) box.remove();
    return row;
  }

  var template = blank(rows()[0].cloneNode(true));
  rows().forEach(enhance);
  enhance(template);

  list.addEventListener('click', function (event) {
    var b = event.target.closest('[data-agenda]');
    if (!b) return;
    var row = b.closest('.agenda-row');
    var action = b.dataset.agenda;
    if (action === 'up' && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (action === 'down' && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    } else if (action === 'remove') {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      say('بند حذف شد.');
      var focus = next ? next.querySelector('input[type=text], input:not([type])') : addButton;
      (focus || addButton).focus();
      return;
    }
    renumber();
    // keep the focus on the button pressed; at the top (or bottom) it is disabled, so on its partner
    if (b.disabled) row.querySelector('[data-agenda=' + (action === 'up' ? 'down' : 'up') + ']').focus();
    else b.focus();
    say('بند به جایگاه ' + ordinal(rows().indexOf(row) + 1) + ' رفت.');
  });

  var addButton = document.createElement('button');
  addButton.type = 'button';
  addButton.className = 'btn btn-outline-primary mb-3';
  addButton.id = 'agenda-add';
  addButton.innerHTML = '<i class="bi bi-plus-lg me-1" aria-hidden="true"></i>افزودن بند';
  list.after(addButton);
  addButton.addEventListener('click', function () {
    var row = template.cloneNode(true);
    list.appendChild(row);
    renumber();
    row.querySelector('input[name$="-title"]').focus();
    say('بند تازه افزوده شد.');
  });
  document.querySelectorAll('.agenda-nojs').forEach(function (el) { el.hidden = true; });
  renumber();
}());
