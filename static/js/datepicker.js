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

  document.addEventListener('focusin', function (event) {
    var input = event.target;
    if (input.matches && input.matches(SELECTOR)) {
      input.value = toLatin(input.value);  // the library's focusin handler (on body) reads it next
      window.setTimeout(function () { input.value = toPersian(input.value); }, 0);
    } else if (!isPicker(input)) {
      window.jalaliDatepicker.hide();
    }
  }, true);

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') window.jalaliDatepicker.hide();  // the library's own Escape needs focus to leave
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
