"""The demo organisation's people: eight departments, ~40 named colleagues across every role
and ~160 more employees (``COLLEAGUES``: readers, mostly), all signing in with
``DEMO_PASSWORD``; and who among the named ones writes, writes official content and reviews
(``cast``), for ``peerlearn.demo.modules``. Finance stays at four people, so the reports show
how a small department is folded into "Other".

Idempotent: running it again adds only the departments and people that are missing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from peerlearn.accounts import services
from peerlearn.accounts.models import Department, User
from peerlearn.extensions import db
from peerlearn.permissions import Role

DEMO_PASSWORD = "peerlearn-demo"
DEMO_DOMAIN = "demo.peerlearn.test"

DEPARTMENTS = [
    "Engineering",
    "Sales",
    "Customer Success",
    "Marketing",
    "Finance",
    "Operations",
    "People & Culture",
    "Learning & Development",
]

# (first name, last name, department, role)
PEOPLE: list[tuple[str, str, str, Role]] = [
    ("Ada", "Admin", "Operations", Role.ADMIN),
    ("Riley", "Reviewer", "Learning & Development", Role.REVIEWER),
    ("Harper", "HR", "People & Culture", Role.HR),
    ("Emma", "Employee", "Engineering", Role.EMPLOYEE),
    ("Lena", "Okafor", "Learning & Development", Role.REVIEWER),
    ("Tomás", "Ribeiro", "Learning & Development", Role.REVIEWER),
    ("Priya", "Nair", "People & Culture", Role.HR),
    ("Marcus", "Webb", "Engineering", Role.EMPLOYEE),
    ("Sofia", "Lindqvist", "Engineering", Role.EMPLOYEE),
    ("Kenji", "Watanabe", "Engineering", Role.EMPLOYEE),
    ("Amara", "Diallo", "Engineering", Role.EMPLOYEE),
    ("Jonas", "Becker", "Engineering", Role.EMPLOYEE),
    ("Chloé", "Martin", "Engineering", Role.EMPLOYEE),
    ("Diego", "Fernández", "Sales", Role.EMPLOYEE),
    ("Hannah", "Schmidt", "Sales", Role.EMPLOYEE),
    ("Oluwaseun", "Adeyemi", "Sales", Role.EMPLOYEE),
    ("Grace", "Kim", "Sales", Role.EMPLOYEE),
    ("Liam", "O'Connor", "Sales", Role.EMPLOYEE),
    ("Fatima", "Zahra", "Customer Success", Role.EMPLOYEE),
    ("Noah", "Jensen", "Customer Success", Role.EMPLOYEE),
    ("Isabella", "Rossi", "Customer Success", Role.EMPLOYEE),
    ("Ethan", "Clarke", "Customer Success", Role.EMPLOYEE),
    ("Mei", "Chen", "Marketing", Role.EMPLOYEE),
    ("Lucas", "Moreau", "Marketing", Role.EMPLOYEE),
    ("Aisha", "Khan", "Marketing", Role.EMPLOYEE),
    ("Oscar", "Nilsson", "Marketing", Role.EMPLOYEE),
    ("Ravi", "Patel", "Finance", Role.EMPLOYEE),
    ("Zoe", "Turner", "Finance", Role.EMPLOYEE),
    ("Mateo", "García", "Finance", Role.EMPLOYEE),
    ("Yuki", "Tanaka", "Finance", Role.EMPLOYEE),
    ("Nina", "Petrova", "Operations", Role.EMPLOYEE),
    ("Samuel", "Osei", "Operations", Role.EMPLOYEE),
    ("Ingrid", "Halvorsen", "Operations", Role.EMPLOYEE),
    ("Ahmed", "Hassan", "Operations", Role.EMPLOYEE),
    ("Clara", "Dubois", "People & Culture", Role.EMPLOYEE),
    ("Ben", "Carter", "People & Culture", Role.EMPLOYEE),
    ("Leila", "Haddad", "Learning & Development", Role.EMPLOYEE),
    ("Finn", "Murphy", "Engineering", Role.EMPLOYEE),
    ("Ana", "Silva", "Sales", Role.EMPLOYEE),
    ("Victor", "Novak", "Customer Success", Role.EMPLOYEE),
]


FIRST_NAMES = (
    "Alex", "Bea", "Carlos", "Dana", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jamal", "Kira",
    "Luca", "Maya", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
    "Wei", "Xenia", "Yara", "Zane", "Anya", "Bruno", "Cora", "Dev",
)  # fmt: skip
LAST_NAMES = (
    "Abbott", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Gomez", "Horvat", "Ivanova",
    "Jansen", "Kowalski", "Larsen", "Moreno", "Novak", "Owusu", "Park", "Quinn", "Reyes",
    "Sato", "Tan", "Usman", "Varga", "Weber", "Young", "Zhou", "Alvarez", "Brennan", "Cruz",
)  # fmt: skip
COLLEAGUE_DEPARTMENTS = (
    "Engineering", "Engineering", "Engineering", "Sales", "Sales", "Customer Success",
    "Customer Success", "Marketing", "Operations", "Operations", "People & Culture",
    "Learning & Development",
)  # fmt: skip
COLLEAGUE_COUNT = 160


def colleagues() -> list[tuple[str, str, str, Role]]:
    """The unnamed majority: employees in every department but Finance, the same each run."""
    named = {(first, last) for first, last, _, _ in PEOPLE}
    found = []
    for n in range(len(FIRST_NAMES) * len(LAST_NAMES)):
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        last = LAST_NAMES[(n * 7 + n // len(FIRST_NAMES)) % len(LAST_NAMES)]
        if (first, last) in named or any(f == first and la == last for f, la, _, _ in found):
            continue
        department = COLLEAGUE_DEPARTMENTS[n % len(COLLEAGUE_DEPARTMENTS)]
        found.append((first, last, department, Role.EMPLOYEE))
        if len(found) == COLLEAGUE_COUNT:
            break
    return found


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role


def demo_email(first: str, last: str) -> str:
    decomposed = unicodedata.normalize("NFKD", f"{first}.{last}".lower())
    ascii_name = decomposed.encode("ascii", "ignore").decode()
    return f"{ascii_name.replace(' ', '').replace(chr(39), '')}@{DEMO_DOMAIN}"


def seed_people(company: bool = False) -> list[DemoAccount]:
    """Create the departments and people that are missing (with ``company``, the ~160
    unnamed colleagues too); return the named people's sign-ins."""
    existing = {d.name: d for d in db.session.execute(select(Department)).scalars()}
    for name in DEPARTMENTS:
        if name not in existing:
            existing[name] = Department(name=name)
            db.session.add(existing[name])
    db.session.flush()
    emails = set(db.session.execute(select(User.email)).scalars())
    accounts = []
    everyone = PEOPLE + (colleagues() if company else [])
    hashed = services.hash_password(DEMO_PASSWORD) if len(emails) < len(everyone) else None
    for n, (first, last, department, role) in enumerate(everyone):
        email = demo_email(first, last)
        if email not in emails:
            services.create_user(
                email,
                f"{first} {last}",
                DEMO_PASSWORD,
                role,
                existing[department].id,
                password_hash=hashed,
            )
        if n < len(PEOPLE):  # the sign-ins printed: the named people
            accounts.append(DemoAccount(email, f"{first} {last}", role))
    return accounts


def cast() -> tuple[list[User], list[User], list[User]]:
    """The demo's authors (every employee), official authors and reviewers, in ``PEOPLE``
    order (a module's position in the catalog picks its author and reviewer from these)."""
    db.session.flush()
    users = {u.email: u for u in db.session.execute(select(User)).scalars()}

    def people(*roles: Role) -> list[User]:
        return [users[demo_email(f, last)] for f, last, _, role in PEOPLE if role in roles]

    official = [users[demo_email("Leila", "Haddad")], users[demo_email("Lena", "Okafor")]]
    return people(Role.EMPLOYEE), official, people(Role.REVIEWER)
