"""Factory methods for this domain, mixed into tests.factories.Factories (flush, never commit)."""
import datetime as dt


class MeetingFactories:
    def meeting(self, status='scheduled', *, cities=(), days_ahead=10, **kw):
        """A meeting `days_ahead` of today with an (unknown) attendance row for each city in `cities`."""
        from commission.jalali import today_tehran
        from commission.meetings.models import Attendance, Meeting
        kw.setdefault('title', 'نشست آزمایشی کمیسیون')
        kw.setdefault('meeting_date', today_tehran() + dt.timedelta(days=days_ahead))
        kw.setdefault('start_time', dt.time(10, 0))
        kw.setdefault('venue', 'تالار شورا')
        meeting = self._add(Meeting(status=status, **kw))
        for city in cities:
            self.db.session.add(Attendance(meeting=meeting, city=city, attendees=''))
        self.db.session.flush()
        return meeting

    def approved_meeting(self, *, present=(), absent=(), **kw):
        """A meeting whose minutes are approved, with the given cities present or absent."""
        from commission.meetings.models import Attendance
        kw.setdefault('minutes', '## گزارش\nمتن تأییدشده صورتجلسه')
        kw.setdefault('minutes_number', '1405/12')
        kw.setdefault('minutes_date', dt.date(2026, 10, 1))
        meeting = self.meeting('minutes_approved', days_ahead=-30, **kw)
        for city in present:
            self.db.session.add(Attendance(meeting=meeting, city=city, status='present', attendees='نماینده شهر'))
        for city in absent:
            self.db.session.add(Attendance(meeting=meeting, city=city, status='absent', attendees=''))
        self.db.session.flush()
        self.db.session.expire(meeting, ['attendances'])
        return meeting
