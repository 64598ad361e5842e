"""Factory methods for this domain, mixed into tests.factories.Factories (flush, never commit)."""

class ResolutionFactories:
    def resolution(self, cities=None, *, author=None, lead_city=None, **kw):
        """A resolution through the service: assigned to `cities`, or to every member city when None."""
        from commission.resolutions.services import create_resolution
        data = dict(code=kw.pop('code', f'9/{self._number()}'), title=kw.pop('title', 'تهیه پیوست رسانه‌ای پروژه‌ها'),
                    text=kw.pop('text', 'متن مصوبه'), category=kw.pop('category', 'پیوست رسانه‌ای'),
                    meeting=kw.pop('meeting', None), deadline=kw.pop('deadline', None),
                    scope='all' if cities is None else 'selected', city_ids=[c.id for c in cities or ()],
                    lead_city_id=lead_city.id if lead_city else None)
        status = kw.pop('status', 'active')
        resolution = create_resolution(data, author=author or self.user(role='secretariat'))
        resolution.status = status
        for key, value in kw.items():
            setattr(resolution, key, value)
        self.db.session.flush()
        return resolution

    def assignment(self, city=None, **kw):
        """One assignment: a resolution given to a single city."""
        city = city or self.city()
        return self.resolution([city], **kw).assignments[0]

    def report(self, assignment, author=None, status='in_progress', note='گزارش آزمایشی', **kw):
        from commission.resolutions.services import report_progress
        author = author or self.user(role='director', city=assignment.city)
        if status == 'done' and not kw.get('files'):
            kw.setdefault('link', 'https://example.org/evidence')  # a 'done' claim needs evidence
        return report_progress(assignment, author=author, status=status, note=note, **kw)
