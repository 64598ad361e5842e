// «مصوبه‌های شهر من»: one report form per page (<template id="report-form-template">), copied under the resolution
// whose «گزارش پیشرفت» is pressed, with that resolution's action, ids, return address and current status. Without
// this script the button is a link to the resolution's own page, which has the same form.
(function () {
  'use strict';
  const template = document.getElementById('report-form-template');
  if (!template) return;

  function fill(box, link) {
    const id = link.dataset.reportFor;
    box.innerHTML = template.innerHTML.split('__ID__').join(id);
    const form = box.querySelector('form');
    form.setAttribute('action', link.dataset.action);
    const status = form.querySelector('select[name="status"]');
    if (status && link.dataset.status) status.value = link.dataset.status;
  }

  document.addEventListener('click', function (event) {
    const link = event.target.closest('a[data-report-for]');
    if (!link) return;
    const box = document.getElementById('form-' + link.dataset.reportFor);
    if (!box) return;
    event.preventDefault();
    if (!box.firstElementChild) fill(box, link);
    const open = !box.classList.contains('show');
    box.classList.toggle('show', open);
    link.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      const first = box.querySelector('select, input:not([type="hidden"]), textarea');
      if (first) first.focus();
    }
  });
  // the link acts as a button: Space presses it too
  document.addEventListener('keydown', function (event) {
    if (event.key === ' ' && event.target.matches && event.target.matches('a[data-report-for]')) {
      event.preventDefault();
      event.target.click();
    }
  });
})();
