"""Paged lists: how many pages ``total`` rows make at ``per_page`` a page."""


class Paged:
    """Mixed into a page of a list that has ``total`` and ``per_page``."""

    @property
    def pages(self):
        return max((self.total + self.per_page - 1) // self.per_page, 1)
