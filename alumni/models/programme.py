"""The programme: editions, their networks, the participants and their memberships."""

from datetime import date
from typing import Optional

from sqlalchemy import String, CheckConstraint, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from .base import ParticipantKind, Voivodeship, one_of
from .lengths import max_length


class Edition(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("start_year <= end_year", name="years_ordered"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)  # "PIM I", "PIM II", "PIM III"
    name: str = Field(max_length=200)
    start_year: int
    end_year: int

    networks: list["Network"] = Relationship(back_populates="edition")

    def __repr__(self):
        return f"<Edition {self.code}>"


class Network(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("edition_id", "name_pl"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    edition_id: int = Field(foreign_key="edition.id", index=True)
    name_pl: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    theme: str = Field(default="", max_length=500)
    # The day the network's joint work ended: a MID's life after the programme counts from it.
    ended_on: Optional[date] = None

    edition: Edition = Relationship(back_populates="networks")
    memberships: list["Membership"] = Relationship(back_populates="network")

    def __repr__(self):
        return f"<Network {self.name_pl!r}>"


class Participant(SQLModel, table=True):
    __table_args__ = (
        one_of("kind", ParticipantKind, "kind_known"),
        one_of("voivodeship", Voivodeship, "voivodeship_known"),
        CheckConstraint("population IS NULL OR population >= 0", name="population_positive"),
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="latitude_range"),
        CheckConstraint("longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="longitude_range"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    # The plain official short name ("Słupsk", "ZMG w Żywcu"): people and commands name it.
    name: str = Field(max_length=max_length("participant.name"), unique=True)
    kind: ParticipantKind = Field(default=ParticipantKind.city, sa_type=String(20))
    voivodeship: Voivodeship = Field(sa_type=String(30))
    population: Optional[int] = None
    teryt: Optional[str] = Field(default=None, max_length=7)
    # Where it is (WGS 84 degrees, e.g. the town hall): a point on the map of its voivodeship.
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    illustrative: bool = False

    memberships: list["Membership"] = Relationship(back_populates="participant")

    def __repr__(self):
        return f"<Participant {self.name!r}>"


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("network_id", "participant_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    network_id: int = Field(foreign_key="network.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    is_leader: bool = False

    network: Network = Relationship(back_populates="memberships")
    participant: Participant = Relationship(back_populates="memberships")

    def __repr__(self):
        return f"<Membership network={self.network_id} participant={self.participant_id}>"
