"""Factory methods for this domain, mixed into tests.factories.Factories (flush, never commit)."""


class PracticeFactories:
    pass
