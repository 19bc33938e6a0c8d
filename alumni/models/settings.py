"""Installation-wide settings an admin changes in the interface (each change audited)."""

from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel

from .base import timestamp_field, utcnow


class Setting(SQLModel, table=True):
    """One named setting of this installation, e.g. ``public_view`` = ``on``."""

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(max_length=50, unique=True)
    value: str = Field(default="", max_length=200)
    updated_at: datetime = timestamp_field(sa_column_kwargs={"onupdate": utcnow})

    def __repr__(self):
        return f"<Setting {self.key}={self.value!r}>"
