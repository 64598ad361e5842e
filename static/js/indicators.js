// Indicator charts (Chart.js, vendored). The accessible table beside each chart is the truth: a canvas with
// data-chart="cities|trend|city" and data-table="ID" is drawn from the rows of that table (tr[data-label],
// data-value, data-median, data-highlight). No inline script: the CSP forbids it. Without JS the tables remain.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') { return; }
  var Chart = window.Chart;
  var COLORS = { bar: '#7fb8c6', highlight: '#0f5f73', median: '#c0392b', city: '#0f5f73', good: '#2e8b57', bad: '#d9822b' };

  Chart.defaults.font.family = "'Vazirmatn', Tahoma, system-ui, sans-serif";
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#343a40';
  Chart.defaults.locale = 'fa-IR';

  function fa(value) {
    if (value === null || value === undefined || isNaN(value)) { return '—'; }
    return Number(value).toLocaleString('fa-IR', { maximumFractionDigits: 1 });
  }

  function number(text) {
    if (text === null || text === undefined || text === '') { return null; }
    var value = parseFloat(text);
    return isNaN(value) ? null : value;
  }

  function readTable(table) {
    return Array.prototype.map.call(table.querySelectorAll('tbody tr[data-label]'), function (row) {
      return {
        label: row.getAttribute('data-label'),
        value: number(row.getAttribute('data-value')),
        median: number(row.getAttribute('data-median')),
        highlight: row.getAttribute('data-highlight') === '1'
      };
    });
  }

  function rtlPlugins(unit) {
    return {
      legend: { rtl: true, textDirection: 'rtl', labels: { boxWidth: 14 } },
      tooltip: {
        rtl: true, textDirection: 'rtl',
        callbacks: {
          label: function (ctx) {
            var v = ctx.parsed[ctx.chart.options.indexAxis === 'y' ? 'x' : 'y'];
            return ctx.dataset.label + ': ' + fa(v) + (unit ? ' ' + unit : '');
          }
        }
      }
    };
  }

  // a long label on two or more lines: a vertical axis may take at most half of a narrow chart
  function wrap(label, width) {
    var max = width < 576 ? 16 : 26;
    if (!label || label.length <= max) { return label; }
    var lines = [], line = '';
    label.split(' ').forEach(function (word) {
      if (line && (line + ' ' + word).length > max) { lines.push(line); line = word; } else { line = line ? line + ' ' + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function ticks() { return { callback: function (v) { return fa(v); } }; }

  function citiesChart(canvas, rows, table) {
    // all cities side by side (horizontal bars: long Persian names stay readable at phone width) and the median
    var median = number(table.getAttribute('data-median'));
    var unit = canvas.getAttribute('data-unit') || '';
    var shown = rows.filter(function (r) { return r.value !== null; });
    canvas.parentNode.classList.add('ind-chart-tall');
    canvas.parentNode.style.height = Math.max(180, shown.length * 26 + 70) + 'px';
    var datasets = [{
      type: 'bar', label: canvas.getAttribute('data-series') || 'مقدار', order: 2,
      data: shown.map(function (r) { return r.value; }),
      backgroundColor: shown.map(function (r) { return r.highlight ? COLORS.highlight : COLORS.bar; }),
      borderRadius: 3, barPercentage: 0.8
    }];
    if (median !== null) {
      datasets.push({
        type: 'line', label: 'میانه کمیسیون', order: 1, data: shown.map(function () { return median; }),
        borderColor: COLORS.median, borderDash: [6, 4], borderWidth: 2, pointRadius: 0, fill: false
      });
    }
    return new Chart(canvas, {
      data: { labels: shown.map(function (r) { return wrap(r.label, canvas.parentNode.clientWidth); }), datasets: datasets },
      options: {
        indexAxis: 'y', maintainAspectRatio: false, animation: false,
        scales: { x: { reverse: true, beginAtZero: true, ticks: ticks() }, y: { position: 'right', ticks: { crossAlign: 'far' } } },
        plugins: rtlPlugins(unit)
      }
    });
  }

  function trendChart(canvas, rows) {
    var unit = canvas.getAttribute('data-unit') || '';
    return new Chart(canvas, {
      type: 'line',
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: [
          { label: canvas.getAttribute('data-series') || 'مقدار', data: rows.map(function (r) { return r.value; }),
            borderColor: COLORS.city, backgroundColor: COLORS.city, borderWidth: 3, pointRadius: 4, spanGaps: true },
          { label: 'میانه کمیسیون', data: rows.map(function (r) { return r.median; }), borderColor: COLORS.median,
            backgroundColor: COLORS.median, borderDash: [6, 4], borderWidth: 2, pointRadius: 3, spanGaps: true }
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false, layout: { padding: { left: 8, right: 8 } },
        scales: { x: { reverse: true, ticks: { align: 'inner' } }, y: { position: 'right', beginAtZero: true, ticks: ticks() } },
        plugins: rtlPlugins(unit)
      }
    });
  }

  function cityChart(canvas, rows) {
    // a city's indicators against the median: 100 is the median, above 100 is better (direction honoured)
    var shown = rows.filter(function (r) { return r.value !== null; });
    var width = canvas.parentNode.clientWidth;
    var labels = shown.map(function (r) { return wrap(r.label, width); });
    var lines = labels.reduce(function (n, l) { return n + (Array.isArray(l) ? l.length : 1); }, 0);
    canvas.parentNode.classList.add('ind-chart-tall');
    canvas.parentNode.style.height = Math.max(180, shown.length * 14 + lines * 16 + 70) + 'px';
    return new Chart(canvas, {
      data: {
        labels: labels,
        datasets: [
          { type: 'bar', label: 'نسبت به میانه (میانه = ۱۰۰)', order: 2, data: shown.map(function (r) { return r.value; }),
            backgroundColor: shown.map(function (r) { return r.value >= 100 ? COLORS.good : COLORS.bad; }), borderRadius: 3 },
          { type: 'line', label: 'میانه کمیسیون', order: 1, data: shown.map(function () { return 100; }),
            borderColor: COLORS.median, borderDash: [6, 4], borderWidth: 2, pointRadius: 0, fill: false }
        ]
      },
      options: {
        indexAxis: 'y', maintainAspectRatio: false, animation: false,
        scales: { x: { reverse: true, beginAtZero: true, ticks: ticks() }, y: { position: 'right', ticks: { crossAlign: 'far' } } },
        plugins: rtlPlugins('')
      }
    });
  }

  var KINDS = { cities: citiesChart, trend: trendChart, city: cityChart };

  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var table = document.getElementById(canvas.getAttribute('data-table'));
    var draw = KINDS[canvas.getAttribute('data-chart')];
    if (!table || !draw) { return; }
    var rows = readTable(table);
    if (!rows.some(function (r) { return r.value !== null; })) { return; }
    canvas.parentNode.classList.add('is-drawn');  // shown before drawing: Chart.js sizes itself to its box
    draw(canvas, rows, table);
  });
})();
