"""One bounded memo class for the analysis of raw tokens, words, word pairs and gaps."""
import time

#: What :meth:`Memo.get` returns for a key it does not hold (every stored value, None included, is a value).
MISS = object()
#: A fill of `new` faster than this is a rebuild: the memo grows; slower fills make it shrink.
BULK_SECONDS = 60


class Memo:
    """A dict memo bounded to 2 x `limit` entries that keeps what is in use.

    One protocol: ``memo.new.get(key, MISS)`` on the hot path (bound once per text), then
    :meth:`lookup` (or :meth:`get` then :meth:`put`) when that missed. A value found in `old` or computed
    afresh is stored in `new`. When `new` holds `limit` entries it becomes `old` and the previous
    `old` is dropped, so frequent entries survive and memory stays bounded (clearing everything
    instead made every frequent word and pair a miss again).

    The limit adapts between `low` and `high`: it doubles when `new` filled up within
    :data:`BULK_SECONDS` (a rebuild, where a larger memo saves most of the work) and halves when it
    took longer (a server worker indexing one document at a time keeps a small memo).
    """

    __slots__ = ('new', 'old', 'limit', 'low', 'high', 'rotated')

    def __init__(self, low, high):
        self.new, self.old, self.limit, self.low, self.high = {}, {}, low, low, high
        self.rotated = time.monotonic()

    def get(self, key):
        """The value held for `key`, or :data:`MISS`."""
        value = self.new.get(key, MISS)
        return self.old.get(key, MISS) if value is MISS else value

    def lookup(self, key, compute, *args):
        """The value for `key` after a miss in `new`: from `old`, else ``compute(*args)``; kept in `new`."""
        value = self.old.get(key, MISS)
        if value is MISS:
            value = compute(*args)
        if len(self.new) >= self.limit:
            self._rotate()
        self.new[key] = value
        return value

    def put(self, key, value):
        if len(self.new) >= self.limit:
            self._rotate()
        self.new[key] = value
        return value

    def _rotate(self):
        now = time.monotonic()
        if now - self.rotated < BULK_SECONDS:
            self.limit = min(self.limit * 2, self.high)
        else:
            self.limit = max(self.limit // 2, self.low)
        self.rotated = now
        self.old, self.new = self.new, {}

    def clear(self):
        self.new, self.old, self.limit, self.rotated = {}, {}, self.low, time.monotonic()

    def __len__(self):
        return len(self.new) + len(self.old)
