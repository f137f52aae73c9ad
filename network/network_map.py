"""The network map (sv *nätverkskarta*, nb *nettverkskart*): where each person goes.

The index person is in the centre; the network lies in four sectors (family; friends and
neighbours; work and school; professionals), on one of three rings by how close the index person
says they are. This module only computes positions: the template draws the SVG (no script) and
the same ``MapData`` as a list, so the picture and the list cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Agreement, Closeness, NetworkMember, Sector

SIZE = 800
CENTRE = SIZE / 2
RING_RADII = {Closeness.CLOSE: 135, Closeness.MIDDLE: 235, Closeness.DISTANT: 335}
OUTER_RADIUS = 385
LABEL_MAX = 22

# Each sector's quarter of the circle, in degrees counter-clockwise from "east" (y points up):
# family top left, friends and neighbours top right, work and school bottom left,
# professionals bottom right.
SECTOR_ANGLES = {
    Sector.FAMILY: (90, 180),
    Sector.FRIENDS: (0, 90),
    Sector.WORK: (180, 270),
    Sector.PROFESSIONALS: (270, 360),
}
SECTOR_ORDER = [Sector.FAMILY, Sector.FRIENDS, Sector.WORK, Sector.PROFESSIONALS]
# Where each sector's title goes (a corner of the square).
SECTOR_TITLE_AT = {
    Sector.FAMILY: (24, 36, "start"),
    Sector.FRIENDS: (SIZE - 24, 36, "end"),
    Sector.WORK: (24, SIZE - 20, "start"),
    Sector.PROFESSIONALS: (SIZE - 24, SIZE - 20, "end"),
}


@dataclass(frozen=True)
class Placed:
    member: NetworkMember
    x: float
    y: float
    label: str
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor of the label: "start" or "end"
    shape: str  # "agreed", "refused" or "not_asked": the marker drawn, not only a colour

    @property
    def is_agreed(self) -> bool:
        return self.shape == "agreed"

    @property
    def is_refused(self) -> bool:
        return self.shape == "refused"

    @property
    def marker_points(self) -> str:
        """The polygon of a "refused" marker (a square turned into a diamond)."""
        r = 11
        return f"{self.x},{self.y - r} {self.x + r},{self.y} {self.x},{self.y + r} {self.x - r},{self.y}"


@dataclass
class SectorData:
    sector: Sector
    title: str
    title_x: float
    title_y: float
    title_anchor: str
    people: list[Placed] = field(default_factory=list)


@dataclass
class MapData:
    size: int
    centre: float
    ring_radii: list[int]
    outer_radius: int
    sectors: list[SectorData]

    @property
    def centre_label_y(self) -> float:
        return self.centre + 70

    @property
    def people(self) -> list[Placed]:
        return [p for s in self.sectors for p in s.people]


def _shape(member: NetworkMember) -> str:
    return {Agreement.YES: "agreed", Agreement.NO: "refused"}.get(member.invite_agreement, "not_asked")


def _short(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= LABEL_MAX else name[: LABEL_MAX - 1].rstrip() + "…"


def _point(angle_deg: float, radius: float) -> tuple[float, float]:
    angle = math.radians(angle_deg)
    return round(CENTRE + radius * math.cos(angle), 1), round(CENTRE - radius * math.sin(angle), 1)


def build_map(members: Iterable[NetworkMember]) -> MapData:
    """Place each (not erased) member in their sector and ring, spread evenly over the quarter;
    people on the same ring of a crowded sector alternate slightly in and out so that labels do
    not sit on top of each other."""
    sectors = {sector: SectorData(sector, str(sector.label), *SECTOR_TITLE_AT[sector]) for sector in SECTOR_ORDER}
    groups: dict[tuple[Sector, int], list[NetworkMember]] = {}
    for member in members:
        if member.is_erased:
            continue
        groups.setdefault((member.sector, member.closeness), []).append(member)
    for (sector, closeness), people in sorted(
        groups.items(), key=lambda item: (SECTOR_ORDER.index(item[0][0]), item[0][1])
    ):
        start, end = SECTOR_ANGLES[sector]
        span = end - start
        margin = min(12, span / (2 * len(people)))
        step = (span - 2 * margin) / len(people)
        for index, member in enumerate(people):
            angle = start + margin + step * (index + 0.5)
            wobble = 0 if len(people) < 4 else (-18 if index % 2 else 18)
            radius = RING_RADII[Closeness(closeness)] + wobble
            x, y = _point(angle, radius)
            right = x >= CENTRE
            sectors[sector].people.append(
                Placed(
                    member=member,
                    x=x,
                    y=y,
                    label=_short(member.name),
                    label_x=round(x + (16 if right else -16), 1),
                    label_y=round(y + 5, 1),
                    anchor="start" if right else "end",
                    shape=_shape(member),
                )
            )
    return MapData(
        size=SIZE,
        centre=CENTRE,
        ring_radii=[RING_RADII[c] for c in Closeness],
        outer_radius=OUTER_RADIUS,
        sectors=list(sectors.values()),
    )
