"""Synthetic people for the demo hospital: plausible Chinese names, resident ID numbers, phones.

Nothing here is a real person: names are drawn from small lists, ID numbers use a fake
region code with a valid ISO 7064 check digit, phones a reserved-looking prefix.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN_FEMALE = ("秀英", "桂英", "玉兰", "淑珍", "丽华", "婷", "静", "敏", "艳", "芳", "秀兰", "慧")
GIVEN_MALE = ("建国", "国强", "伟", "强", "军", "磊", "志明", "德华", "勇", "杰", "海涛", "明")
RELATIVES = (("child", "son"), ("child", "daughter"), ("spouse", "spouse"), ("other", "grandson"))
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_REGION = "990101"  # not an issued region code: the numbers are plainly synthetic


@dataclass(frozen=True)
class Person:
    name: str
    sex: str
    birth_date: date
    phone: str
    id_number: str


def id_number(birth: date, serial: int, sex: str) -> str:
    """An 18-character resident ID: region, birth date, serial (odd for men), check digit."""
    sequence = serial % 500 * 2 + (1 if sex == "male" else 0)
    body = f"{_REGION}{birth:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, _WEIGHTS, strict=True))
    return body + _CHECK[total % 11]


def make_person(rng: random.Random, serial: int, today: date, min_age: int = 35) -> Person:
    sex = rng.choice(("female", "male"))
    given = GIVEN_FEMALE if sex == "female" else GIVEN_MALE
    age_days = rng.randint(min_age * 365, 88 * 365)
    birth = today - timedelta(days=age_days)
    return Person(
        name=rng.choice(SURNAMES) + rng.choice(given),
        sex=sex,
        birth_date=birth,
        phone=f"139{serial:08d}",
        id_number=id_number(birth, serial, sex),
    )


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
