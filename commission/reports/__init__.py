"""Generated performance reports of a city (or the whole commission) for a Jalali period."""
