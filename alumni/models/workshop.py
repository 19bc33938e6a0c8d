"""The yearly alumni workshop."""

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from .base import timestamp_field


class Workshop(SQLModel, table=True):
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="dates_ordered"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    starts_on: date
    ends_on: date
    place: str = Field(default="", max_length=300)
    export_built_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)

    def __repr__(self):
        return f"<Workshop {self.year} {self.place!r}>"
