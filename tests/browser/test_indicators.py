"""Karaj's director enters a value; the indicator's table and the chart drawn from it change."""
import pytest

from .conftest import follow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group('browser')]

NEWS = 'خبرهای تولیدشده'


def _chart_data(page, canvas_id):
    """Labels and the bars of the Chart.js chart on `canvas_id` (what is drawn, not the table)."""
    return page.evaluate("""id => { const c = Chart.getChart(document.getElementById(id));
        return c ? {labels: c.data.labels, values: c.data.datasets[0].data,
                    median: c.data.datasets[1] ? c.data.datasets[1].data[0] : null} : null; }""", canvas_id)


def test_a_director_enters_a_value_and_the_chart_changes(browser, live_server):
    url = live_server['url']
    context = browser.new_context(locale='fa-IR', viewport={'width': 1280, 'height': 900})
    page = context.new_page()
    problems = []
    # script errors, CSP refusals and failed requests (the browser's own favicon request aside)
    page.on('console', lambda m: problems.append(m.text) if m.type == 'error' and 'Failed to load' not in m.text
            else None)
    page.on('response', lambda r: problems.append(f'{r.status} {r.url}') if r.status >= 400
            and not r.url.endswith('/favicon.ico') else None)
    page.on('pageerror', lambda e: problems.append(str(e)))
    page.goto(url + '/login')
    page.fill('input[name=email]', 'karaj@example.org')
    page.fill('input[name=password]', 'commission-demo')
    with page.expect_navigation():
        page.click('button[type=submit]')

    page.goto(url + '/indicators/entry')
    period_id = page.locator('input[name=period]').get_attribute('value')
    field = page.get_by_label(NEWS, exact=True)
    field.fill('۹۸۷')
    with page.expect_navigation():
        page.click('#save-values')
    assert 'ذخیره شد' in page.inner_text('.alert-success')
    assert page.get_by_label(NEWS, exact=True).input_value() == '۹۸۷'

    page.goto(url + f'/indicators/?period={period_id}')
    follow(page, page.get_by_role('link', name=NEWS).first)
    row = page.locator('#cities tbody tr[data-city="karaj"]')
    assert row.get_attribute('data-value') == '987.0'
    assert '۹۸۷' in row.inner_text()
    assert row.locator('td').first.inner_text() == '۱'  # far above every other city
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('cities-chart'))")
    drawn = _chart_data(page, 'cities-chart')
    assert drawn['labels'][0] == 'کرج' and drawn['values'][0] == 987
    table_median = float(page.locator('#cities').get_attribute('data-median'))
    assert drawn['median'] == table_median
    assert page.locator('.ind-chart[aria-hidden="true"] canvas#cities-chart').count() == 1
    screenshot(page, 'indicator-detail')

    page.set_viewport_size({'width': 390, 'height': 844})
    page.reload()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('cities-chart'))")
    assert page.evaluate('document.documentElement.scrollWidth') <= 390
    screenshot(page, 'indicator-detail-phone')
    assert problems == []
    context.close()


def test_an_observer_sees_the_charts_without_an_entry_button(browser, live_server):
    url = live_server['url']
    context = browser.new_context(locale='fa-IR', viewport={'width': 1280, 'height': 900})
    page = context.new_page()
    page.goto(url + '/login')
    page.fill('input[name=email]', 'observer@example.org')
    page.fill('input[name=password]', 'commission-demo')
    with page.expect_navigation():
        page.click('button[type=submit]')
    page.goto(url + '/indicators/')
    assert page.locator('#enter-values').count() == 0
    page.wait_for_function("() => window.Chart && document.querySelectorAll('.ind-chart.is-drawn').length >= 8")
    page.goto(url + '/indicators/city/tehran')
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('vs-chart'))")
    rows = page.locator('#vs tbody tr').count()
    assert rows == 8
    context.close()


@pytest.mark.parametrize('email', ['karaj@example.org', 'secretariat@example.org'])
def test_indicator_pages_have_no_serious_axe_violation(email, page, live_server, log_in):
    from .test_accessibility import axe_violations
    url = live_server['url']
    log_in(email)
    page.goto(url + '/indicators/')
    detail = page.locator('#summary a').first.get_attribute('href')
    paths = ['/indicators/', detail, '/indicators/city/karaj', '/indicators/rankings']
    paths += ['/indicators/entry'] if email.startswith('karaj') else [
        '/indicators/manage', '/indicators/new', '/indicators/periods', '/indicators/import']
    found = {}
    for path in paths:
        assert page.goto(url + path).status == 200, path
        page.wait_for_load_state('networkidle')
        if violations := axe_violations(page, url):
            found[path] = violations
        screenshot(page, 'axe-' + email.split('@')[0] + path.replace('/', '_').replace('?', '_'))
    assert found == {}


def test_the_secretariat_enters_a_citys_figures_on_its_behalf(page, live_server, log_in):
    """A city sent its figures by letter: the secretary picks the city, types them in and is told it is on the
    city's behalf; Tabriz's figure then shows with the secretary's name."""
    url = live_server['url']
    log_in('secretariat@example.org')
    page.goto(url + '/indicators/')
    page.get_by_role('button', name='مدیریت').click()
    follow(page, page.get_by_role('link', name='ثبت مقدار برای یک شهر'))
    assert page.get_by_label('ثبت مقدار', exact=False).count() == 0  # no form before a city is chosen
    screenshot(page, 'indicator-entry-choose-city')
    page.get_by_label('شهر', exact=True).select_option(label='تبریز')
    follow(page, page.get_by_role('button', name='انتخاب'))
    assert 'از سوی شهرداری تبریز ثبت می‌کنید' in page.inner_text('.alert-info')
    page.get_by_label(NEWS, exact=True).fill('۳۱۲')
    follow(page, '#save-values')
    assert 'مقدارهای تبریز' in page.inner_text('.alert-success')
    assert page.get_by_label(NEWS, exact=True).input_value() == '۳۱۲'
    assert page.get_by_label('شهر', exact=True).locator('option:checked').inner_text() == 'تبریز'
    screenshot(page, 'indicator-entry-on-behalf')
    page.set_viewport_size({'width': 390, 'height': 844})
    page.reload()
    assert page.evaluate('document.documentElement.scrollWidth') <= 390
    screenshot(page, 'indicator-entry-on-behalf-phone')
