"""Demo resolutions of meetings 1 and 2 with a believable history of city reports.

Written in our own words from the concerns in the seed reports. Deadlines of the second meeting are set
relative to the loading day, so the dashboard always shows some overdue and some due-soon items.
Idempotent: each resolution has a stable `ref`; an existing one is left alone.
"""
import datetime as dt
import random

import jdatetime

from ..auth.models import User
from ..cities.models import City
from ..cities.services import member_cities
from ..db import db
from ..jalali import format_jalali, today_tehran
from .models import FINISHED, Assignment, ExtensionRequest, ProgressReport, Resolution, ResolutionChange

J = lambda y, m, d: jdatetime.date(y, m, d).togregorian()  # noqa: E731

#: (code, meeting number, title, category, lead slug, scope slugs or None for all, deadline (date or days from today),
#:  status, plan weights {final status: weight}, text)
RESOLUTIONS = [
    ('1/1', 1, 'تهیه پیوست رسانه‌ای پیش از آغاز پروژه‌های بزرگ شهری', 'پیوست رسانه‌ای', 'tehran', None,
     J(1403, 6, 31), 'active', {'done': 11, 'in_progress': 3, 'not_started': 2, 'not_applicable': 1},
     'روابط عمومی هر شهرداری برای هر پروژه عمرانی بزرگ (بزرگراه، تقاطع غیرهمسطح، تعریض معابر، خطوط حمل‌ونقل '
     'عمومی) **پیش از آغاز عملیات** پیوست رسانه‌ای تهیه کند: شناخت ذی‌نفعان و ساکنان، پیام‌های اصلی، '
     'زمان‌بندی اطلاع‌رسانی و راه گرفتن نظر مردم.\n\nنسخه‌ای از نخستین پیوست تهیه‌شده در سامانه بارگذاری شود.'),
    ('1/2', 1, 'رضایت‌سنجی دوره‌ای شهروندان از خدمات شهری از راه شبکه‌های اجتماعی', 'افکارسنجی و رضایت‌سنجی', None,
     None, J(1403, 12, 15), 'active', {'done': 8, 'in_progress': 4, 'blocked': 2, 'not_started': 3},
     'هر کلانشهر دست‌کم هر شش ماه یک بار رضایت شهروندان را از خدمات شهری از راه شبکه‌های اجتماعی و '
     'درگاه‌های خود بسنجد و خلاصه نتیجه را منتشر کند.\n\n- پرسشنامه پایه را دبیرخانه پیشنهاد می‌کند.\n'
     '- نتیجه در گزارش پیشرفت پیوست شود.'),
    ('1/3', 1, 'دوره آموزشی پاسخگویی و کار با رسانه برای مدیران و کارشناسان روابط عمومی', 'آموزش و توانمندسازی',
     'karaj', None, J(1404, 6, 31), 'active', {'done': 9, 'in_progress': 5, 'not_started': 3},
     'با توجه به اینکه پاسخگویی در صدر خواسته‌های مردم از مدیریت شهری است، هر شهرداری برای مدیران و '
     'کارشناسان روابط عمومی خود دست‌کم یک دوره آموزشی پاسخگویی، گفت‌وگو با رسانه و شنیدن مؤثر برگزار کند. '
     'کرج محتوای آموزشی نخستین دوره را در اختیار شهرها می‌گذارد.'),
    ('1/4', 1, 'پاسخ به پیام‌های شهروندان در شبکه‌های اجتماعی رسمی شهرداری حداکثر در ۴۸ ساعت',
     'شبکه‌های اجتماعی', 'mashhad', None, J(1404, 3, 31), 'active',
     {'done': 10, 'in_progress': 4, 'blocked': 1, 'not_started': 2},
     'حساب‌های رسمی شهرداری در شبکه‌های اجتماعی و پیام‌رسان‌ها تنها ابزار انتشار خبر نیستند: پیام‌ها و '
     'پرسش‌های شهروندان حداکثر ظرف ۴۸ ساعت پاسخ بگیرند و آمار ماهانه پاسخگویی ثبت شود.'),
    ('1/5', 1, 'ثبت دست‌کم سه تجربه موفق هر شهر در سامانه کمیسیون', 'هم‌افزایی و تبادل تجربه', None, None,
     J(1403, 9, 30), 'active', {'done': 12, 'in_progress': 3, 'not_started': 3},
     'برای هم‌افزایی میان روابط عمومی‌های کلانشهرها، هر شهر دست‌کم سه تجربه موفق خود را با شرح، نتیجه و '
     'مستندات در بخش «تجربه‌های شهرها» ثبت کند.'),
    ('1/6', 1, 'تشکیل کارگروه مشترک بازنگری ساختار و چارت سازمانی روابط عمومی‌ها', 'ساختار و تجهیزات', 'karaj',
     ['karaj', 'tehran', 'mashhad', 'isfahan', 'shiraz', 'tabriz'], J(1403, 3, 31), 'closed',
     {'done': 5, 'not_applicable': 1},
     'کارگروهی از شش کلانشهر، پیشنهادهای بازنگری چارت سازمانی و تجهیز روابط عمومی‌ها را جمع‌بندی و به '
     'مجمع ارائه کند.'),
    ('2/1', 2, 'تقویم مشترک مناسبت‌های ملی و مذهبی و بانک تصاویر مشترک کلانشهرها', 'مناسبت‌ها و تبلیغات شهری',
     'shiraz', None, 25, 'active', {'in_progress': 8, 'done': 3, 'not_started': 6},
     'دبیرخانه با همکاری شیراز تقویم مشترک مناسبت‌های ملی و مذهبی سال را تهیه می‌کند و هر شهر طرح‌های '
     'پوستر و تیزر خود را در بانک تصاویر مشترک می‌گذارد تا شهرهای دیگر با ذکر منبع استفاده کنند.'),
    ('2/2', 2, 'الزام پیوست رسانه‌ای برای طرح‌های تعریض و بازگشایی معابر', 'پیوست رسانه‌ای', 'tehran',
     ['tehran', 'mashhad', 'isfahan', 'karaj', 'shiraz', 'tabriz', 'qom', 'ahvaz'], -6, 'active',
     {'done': 3, 'in_progress': 3, 'not_started': 2},
     'با الگو گرفتن از تجربه تعریض یک بلوار قدیمی در تهران، که با پیوست رسانه‌ای و گرفتن نظر ساکنان با '
     'همراهی مردم انجام شد، طرح‌های تعریض و بازگشایی معابر بدون پیوست رسانه‌ای آغاز نشوند.'),
    ('2/3', 2, 'پروتکل ارتباطات بحران: سخنگوی واحد و نخستین اطلاع‌رسانی در یک ساعت', 'ارتباطات بحران', None, None,
     12, 'active', {'in_progress': 9, 'not_started': 6, 'done': 2, 'blocked': 1},
     'هر شهرداری پروتکل ارتباطات بحران خود را تدوین کند: سخنگوی واحد، فهرست تماس رسانه‌ها، متن‌های آماده و '
     'تعهد به نخستین اطلاع‌رسانی رسمی حداکثر یک ساعت پس از رخداد.'),
    ('2/4', 2, 'انتشار ماهانه آمار رسیدگی به درخواست‌های شهروندان در سامانه ۱۳۷', 'پاسخگویی و ارتباط مردمی',
     'mashhad', None, -3, 'active', {'in_progress': 6, 'not_started': 5, 'done': 4, 'blocked': 2, 'not_applicable': 1},
     'روابط عمومی‌ها با همکاری سامانه ۱۳۷، آمار ماهانه درخواست‌های شهروندان و میانگین زمان رسیدگی را به زبان '
     'ساده منتشر کنند تا مردم ببینند پیامشان به کجا رسیده است.'),
    ('2/5', 2, 'گزارش عملکرد سه‌ماهه، شش‌ماهه و سالانه با قالب یکسان', 'گزارش عملکرد', None, None, 70, 'active',
     {'not_started': 9, 'in_progress': 7, 'done': 2},
     'روابط عمومی‌ها گزارش عملکرد دوره‌ای شهرداری را با قالب مشترکی که دبیرخانه پیشنهاد می‌کند منتشر کنند تا '
     'مقایسه میان دوره‌ها و داوری شهروندان آسان‌تر شود.'),
    ('2/6', 2, 'گنجاندن آموزش حقوق شهروندی در برنامه سالانه روابط عمومی', 'اعتمادسازی و سرمایه اجتماعی', 'shiraz',
     ['shiraz', 'tehran', 'isfahan', 'karaj', 'kerman', 'yazd', 'hamedan'], 100, 'active',
     {'not_started': 4, 'in_progress': 3},
     'برای اعتمادسازی و تقویت سرمایه اجتماعی، آگاه‌کردن شهروندان از حقوق شهروندی‌شان و راه‌های پیگیری مطالبات '
     'بخشی از برنامه سالانه روابط عمومی هر شهر باشد.'),
]

NOTES = {
    'in_progress': [
        'کارگروه با حضور معاونت‌های مرتبط تشکیل شد و نخستین جلسه برگزار شد.',
        'پیش‌نویس آماده شده و برای نظرخواهی به مناطق فرستاده شد.',
        'بخشی از کار انجام شده؛ هماهنگی با سازمان فناوری اطلاعات ادامه دارد.',
        'نمونه نخست تهیه و برای یک منطقه آزمایش شد؛ گسترش به همه مناطق در دست اقدام است.',
        'قرارداد با مشاور بسته شد و کار میدانی آغاز شده است.',
    ],
    'blocked': [
        'اعتبار لازم در بودجه امسال پیش‌بینی نشده؛ برای تأمین آن به حمایت مجمع نیاز داریم.',
        'هماهنگی با سامانه ۱۳۷ به نتیجه نرسیده؛ درخواست پیگیری از سوی دبیرخانه داریم.',
        'نیروی متخصص کافی نداریم؛ اگر شهری تجربه یا محتوای آماده دارد، در اختیار ما بگذارد.',
    ],
    'done': [
        'انجام شد؛ گزارش و تصویر مستندات پیوست شد.',
        'اجرا کامل شد و نتیجه در پایگاه خبری شهرداری منتشر شده است.',
        'کار به پایان رسید؛ صورتجلسه و فهرست حاضران پیوست است.',
    ],
    'not_applicable': ['این شهر پروژه‌ای از این نوع در دست ندارد.'],
    'returned': ['مستندات کافی نیست؛ لطفاً نشانی انتشار یا صورتجلسه را پیوست کنید.',
                 'تصویر پیوست خوانا نیست؛ نسخه PDF را بفرستید.'],
}


def _deadline(value, today):
    return today + dt.timedelta(days=value) if isinstance(value, int) else value


#: how diligent each demo city is (higher gets the better outcomes more often); others sit in the middle
DILIGENCE = {'tehran': 9, 'karaj': 8, 'isfahan': 7, 'mashhad': 6, 'shiraz': 6, 'yazd': 6, 'tabriz': 5,
             'zahedan': 2, 'rasht': 2, 'kermanshah': 3, 'bandar-abbas': 3}
GOODNESS = {'done': 0, 'not_applicable': 1, 'in_progress': 2, 'blocked': 3, 'not_started': 4}


def _plan_for(rng, weights, cities):
    """Final statuses per city: the proportions of `weights`, the better ones to the more diligent cities."""
    plan = sorted(_plan(rng, weights, len(cities)), key=GOODNESS.get)
    order = sorted(cities, key=lambda c: -(DILIGENCE.get(c.slug, 4) + rng.uniform(0, 5)))
    by_city = dict(zip((c.id for c in order), plan, strict=False))
    return [by_city[c.id] for c in cities]


def _plan(rng, weights, count):
    """Final statuses for `count` cities in the proportions of `weights`, shuffled deterministically."""
    total = sum(weights.values())
    plan = []
    for status, weight in weights.items():
        plan += [status] * round(count * weight / total)
    while len(plan) < count:
        plan.append(max(weights, key=weights.get))
    plan = plan[:count]
    rng.shuffle(plan)
    return plan


def _history(rng, final, start, end, n_pending):
    """(status, percent, note, days offset, review) steps leading to `final` between two days."""
    span = max((end - start).days, 3)
    steps = []
    if final == 'not_started':
        return steps
    if final == 'not_applicable':
        return [('not_applicable', None, NOTES['not_applicable'][0], rng.randint(1, span), None)]
    moments = sorted(rng.sample(range(1, span + 1), min(span, 4)))
    steps.append(('in_progress', rng.choice([20, 30, 40]), rng.choice(NOTES['in_progress']), moments[0], None))
    if final == 'in_progress':
        if rng.random() < .5 and len(moments) > 1:
            steps.append(('in_progress', rng.choice([50, 60, 70]), rng.choice(NOTES['in_progress']), moments[1], None))
        return steps
    if final == 'blocked':
        steps.append(('blocked', rng.choice([30, 40]), rng.choice(NOTES['blocked']), moments[-1], None))
        return steps
    # done: sometimes a first claim was returned and claimed again; the last claim may still be pending
    if rng.random() < .25 and len(moments) >= 3:
        steps.append(('done', None, rng.choice(NOTES['done']), moments[1], 'returned'))
    steps.append(('done', None, rng.choice(NOTES['done']), moments[-1], 'pending' if n_pending else 'accepted'))
    return steps


def load():
    from ..meetings.models import Meeting

    today = today_tehran()
    secretariat = db.session.scalar(db.select(User).where(User.email == 'secretariat@example.org'))
    directors = {u.city_id: u for u in db.session.scalars(db.select(User).where(User.role == 'director'))}
    cities = member_cities()
    by_slug = {c.slug: c for c in db.session.scalars(db.select(City))}
    meetings = {m.number: m for m in db.session.scalars(db.select(Meeting).where(Meeting.number.in_([1, 2])))}
    pending_budget = 6
    created = {}
    for code, number, title, category, lead, scope, deadline, status, weights, text in RESOLUTIONS:
        ref = f'demo:resolution:{code}'
        if db.session.scalar(db.select(Resolution.id).where(Resolution.ref == ref)):
            continue
        meeting = meetings.get(number)
        adopted = meeting.meeting_date if meeting and meeting.meeting_date else today - dt.timedelta(
            days=900 if number == 1 else 40)
        resolution = Resolution(ref=ref, code=code, title=title, text=text, category=category, meeting=meeting,
                                adopted_on=adopted, deadline=_deadline(deadline, today),
                                scope='selected' if scope else 'all', lead_city=by_slug.get(lead) if lead else None,
                                status=status, created_by=secretariat,
                                created_dt=dt.datetime.combine(adopted, dt.time(12, 0)))
        db.session.add(resolution)
        created[code] = resolution
        targets = [by_slug[s] for s in scope if s in by_slug] if scope else cities
        rng = random.Random(ref)
        plan = _plan_for(rng, weights, targets)
        # reports of the first meeting spread over the last year, so the scorecards' charts have a story
        start = max(adopted, today - dt.timedelta(days=340)) if number == 1 else adopted + dt.timedelta(days=2)
        end = today - dt.timedelta(days=2)
        for city, final in zip(targets, plan, strict=False):
            assignment = Assignment(city=city, status='not_started', updated_dt=resolution.created_dt)
            resolution.assignments.append(assignment)
            director = directors.get(city.id)
            want_pending = (final == 'done' and status == 'active' and director is not None and pending_budget > 0
                            and rng.random() < .4)
            pending_budget -= 1 if want_pending else 0
            for step_status, percent, note, offset, review in _history(rng, final, start, end, want_pending):
                _add_report(assignment, city, step_status, percent, note, start + dt.timedelta(days=offset), review,
                            director, secretariat, rng)
    db.session.flush()
    _extensions(created, directors, secretariat, today)
    _return_one_claim(created, secretariat)


def _return_one_claim(created, secretariat):
    """One city's latest 'done' claim sent back, so the demo shows «برگشت‌خورده برای تکمیل»."""
    for resolution in created.values():
        for assignment in sorted(resolution.assignments, key=lambda a: a.city.slug):
            claim = assignment.reports[-1] if assignment.reports else None
            if claim is not None and claim.review == 'pending':
                claim.review, claim.review_note = 'returned', NOTES['returned'][0]
                claim.reviewed_by, claim.reviewed_dt = secretariat, claim.created_dt + dt.timedelta(days=1)
                assignment.status, assignment.awaiting_confirmation = 'in_progress', False
                assignment.claim_returned, assignment.percent = True, 90
                assignment.updated_dt = claim.reviewed_dt
                db.session.flush()
                return


#: (resolution code, days from today the city asks for, granted?, the city's reason, the secretariat's note)
EXTENSIONS = [
    ('2/2', 25, True, 'طرح تعریض بلوار شمالی به تعویق افتاد و پیوست رسانه‌ای باید با برنامه تازه پیمانکار هماهنگ شود.',
     'با توجه به تغییر زمان‌بندی پروژه پذیرفته شد؛ پیوست تا مهلت تازه بارگذاری شود.'),
    ('2/3', 45, False, 'تدوین پروتکل به تأیید شورای تأمین شهر نیاز دارد و نشست آن ماه آینده است.', ''),
]


def _extensions(created, directors, secretariat, today):
    """One city with an extended deadline (request granted) and one with a request still open, each named as
    the responsible person of its assignment; both recorded in the resolution's history."""
    used = set()
    for code, days, granted, reason, note in EXTENSIONS:
        resolution = created.get(code)
        if resolution is None or resolution.deadline is None:
            continue
        candidates = [a for a in resolution.assignments
                      if a.city_id in directors and a.city_id not in used and a.status not in FINISHED]
        if not candidates:
            continue
        assignment = min(candidates, key=lambda a: a.city.slug)
        used.add(assignment.city_id)
        director = directors[assignment.city_id]
        assignment.responsible = director
        asked = dt.datetime.combine(today - dt.timedelta(days=9), dt.time(7, 30))
        wanted = today + dt.timedelta(days=days)
        request = ExtensionRequest(assignment=assignment, requested_by=director, current_deadline=resolution.deadline,
                                   requested_deadline=wanted, reason=reason, created_dt=asked)
        db.session.add(request)
        db.session.add(ResolutionChange(resolution=resolution, assignment=assignment, kind='extension_requested',
                                        old_value=format_jalali(resolution.deadline),
                                        new_value=format_jalali(wanted), reason=reason, actor=director,
                                        created_dt=asked))
        if granted:
            decided = asked + dt.timedelta(days=2, hours=3)
            request.state, request.granted_deadline = 'granted', wanted
            request.decision_note, request.decided_by, request.decided_dt = note, secretariat, decided
            assignment.deadline = wanted
            db.session.add(ResolutionChange(resolution=resolution, assignment=assignment, kind='extension_granted',
                                            old_value=format_jalali(resolution.deadline),
                                            new_value=format_jalali(wanted), reason=note, actor=secretariat,
                                            created_dt=decided))
    db.session.flush()


def _add_report(assignment, city, status, percent, note, day, review, director, secretariat, rng):
    when = dt.datetime.combine(day, dt.time(rng.randint(5, 13), rng.randint(0, 59)))
    author = director or secretariat
    report = ProgressReport(assignment=assignment, author=author, status=status, percent=percent, note=note,
                            on_behalf=author is secretariat, created_dt=when)
    if status == 'done':
        # a claim shows its evidence: a link to where the city published it (example.org: the demo invents it)
        report.evidence_url = f'https://example.org/{city.slug}/news/{rng.randint(1000, 9999)}'
        report.review = review if author is not secretariat or review == 'pending' else 'accepted'
        if report.review != 'pending':
            report.reviewed_by = secretariat
            report.reviewed_dt = when + dt.timedelta(days=rng.randint(1, 4))
        if report.review == 'returned':
            report.review_note = rng.choice(NOTES['returned'])
    db.session.add(report)
    returned = status == 'done' and report.review == 'returned'
    assignment.status = 'in_progress' if returned else status
    assignment.awaiting_confirmation = status == 'done' and report.review == 'pending'
    assignment.claim_returned = returned
    assignment.percent = 100 if status == 'done' and not returned else percent
    assignment.last_note = note
    assignment.updated_dt = report.reviewed_dt if report.reviewed_dt and not returned else when


def load_volume(resolutions=100, cities=20, reports=10, *, prefix='vol'):
    """Synthetic volume for measurements: `resolutions` × `cities` assignments with `reports` reports each.

    Inserted with bulk statements (fast); used by the dashboard benchmark and the bounded-queries test.
    """
    from sqlalchemy import insert

    today = today_tehran()
    city_rows = [dict(name=f'شهر {prefix} {i}', name_en='', slug=f'{prefix}-city-{i}', province='', is_member=True)
                 for i in range(cities)]
    db.session.execute(insert(City), city_rows)
    city_ids = db.session.scalars(db.select(City.id).where(City.slug.like(f'{prefix}-city-%'))).all()
    now = dt.datetime.combine(today, dt.time(8, 0))
    db.session.execute(insert(Resolution), [
        dict(ref=f'{prefix}:{i}', code=f'{50 + i // 10}/{i % 10 + 1}', title=f'مصوبه آزمایشی شماره {i}',
             text='متن', category=['پیوست رسانه‌ای', 'تولید محتوا', 'ارتباطات بحران'][i % 3],
             deadline=today + dt.timedelta(days=(i % 40) - 20), scope='selected', status='active',
             created_dt=now, updated_dt=now) for i in range(resolutions)])
    resolution_ids = db.session.scalars(db.select(Resolution.id).where(Resolution.ref.like(f'{prefix}:%'))).all()
    statuses = ['not_started', 'in_progress', 'done', 'blocked', 'in_progress', 'done', 'not_applicable']
    db.session.execute(insert(Assignment), [
        dict(resolution_id=rid, city_id=cid, status=statuses[(rid + cid) % len(statuses)],
             awaiting_confirmation=(rid + cid) % 11 == 0, last_note='گزارش', updated_dt=now)
        for rid in resolution_ids for cid in city_ids])
    assignment_ids = db.session.scalars(db.select(Assignment.id).where(Assignment.resolution_id.in_(resolution_ids))).all()
    for start in range(0, len(assignment_ids), 500):
        db.session.execute(insert(ProgressReport), [
            dict(assignment_id=aid, status='in_progress', note=f'گزارش {n}', on_behalf=False, review_note='',
                 created_dt=now - dt.timedelta(days=30 * n)) for aid in assignment_ids[start:start + 500]
            for n in range(reports)])
    db.session.flush()
    return resolution_ids, city_ids
