/* The Jalali date picker on every date field (inputs with data-jdp, rendered by JalaliDateField).
 *
 * The vendored library (static/vendor/jalalidatepicker) reads and writes Latin digits; the field shows Persian
 * ones (the server reads both). So the value is given to the library in Latin digits for the moment it opens,
 * and shown in Persian digits again right after, and after each pick. Typing still works: the field stays a
 * text input, never read-only, and the picker closes when focus moves on (Tab) or on Escape.
 */
(function () {
  'use strict';
  if (!window.jalaliDatepicker) return;
  var SELECTOR = 'input[data-jdp]';
  var PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
  var ARABIC = '٠١٢٣٤٥٦٧٨٩';

  function toLatin(text) {
    return text.replace(/[۰-۹٠-٩]/g, function (d) {
      var i = PERSIAN.indexOf(d);
      return String(i >= 0 ? i : ARABIC.indexOf(d));
    });
  }

  function toPersian(text) {
    return text.replace(/[0-9]/g, function (d) { return PERSIAN[Number(d)]; });
  }

  function isPicker(element) {
    return element && element.closest && element.closest('jdp-container');
  }

  // The library's show() displays the picker again when its opening transition ends (300 ms after drawing), so a
  // picker closed sooner (Escape, or Tab through the field) came back and covered the form. For a moment after
  // closing it, any showing of it is undone at once (before the screen is drawn), unless a date field is entered.
  var GUARD_MS = 700;
  var guard = null;
  var guardTimer = null;

  function stopGuard() {
    if (guard) guard.disconnect();
    guard = null;
    window.clearTimeout(guardTimer);
  }

  function close() {
    window.jalaliDatepicker.hide();
    var box = document.querySelector('jdp-container');
    if (!box || !window.MutationObserver) return;
    stopGuard();
    guard = new MutationObserver(function () {
      if (box.style.visibility !== 'hidden') window.jalaliDatepicker.hide();
    });
    guard.observe(box, {attributes: true, attributeFilter: ['style']});
    guardTimer = window.setTimeout(stopGuard, GUARD_MS);
  }

  document.addEventListener('focusin', function (event) {
    var input = event.target;
    if (input.matches && input.matches(SELECTOR)) {
      stopGuard();
      input.value = toLatin(input.value);  // the library's focusin handler (on body) reads it next
      window.setTimeout(function () { input.value = toPersian(input.value); }, 0);
    } else if (!isPicker(input)) {
      close();
    }
  }, true);

  document.addEventListener('click', function (event) {
    if (event.target.matches && event.target.matches(SELECTOR)) stopGuard();  // a click may open it again
  }, true);

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close();  // the library's own Escape needs focus to leave
  });

  document.addEventListener('jdp:change', function (event) {
    if (event.target.matches && event.target.matches(SELECTOR)) {
      event.target.value = toPersian(event.target.value);
    }
  });

  window.jalaliDatepicker.startWatch({
    selector: SELECTOR,
    persianDigits: true,
    autoReadOnlyInput: false,  // phones too: typing a date must stay possible
    showTodayBtn: true,
    showEmptyBtn: true,
    showCloseBtn: true,
    zIndex: 1080
  });
}());
