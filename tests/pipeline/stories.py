"""Wire stories written for sitrep's tests (never copied from a real report or the dev data)."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Article

# A coordinated-attack story shaped like the seed: a summary with a province-wide toll, one
# sentence per town, an earlier operation reported as background, and accusations and denials.
KHYBER = Article(
    id="kp-1",
    published=dt.date(2025, 11, 15),  # a Saturday
    text=(
        "At least 8 policemen were killed and dozens of militants died as gunmen launched a string of "
        "coordinated attacks across Pakistan's northwestern Khyber Pakhtunkhwa province early Saturday, "
        "officials said.\n"
        "Security forces killed at least 20 attackers while repelling the assaults, the provincial police chief said.\n"
        "The government blamed the violence on Fitna al-Khawarij, its name for the Tehrik-e-Taliban Pakistan.\n"
        "In Bannu, three policemen were killed when militants threw a grenade at a police van. "
        "In Lakki Marwat district, dozens of insurgents stormed a police station, but the attack was repelled. "
        "Assaults on checkposts in Tank and Kohat districts were foiled, while in Dera Ismail Khan, "
        "militants tried to abduct passengers from a bus.\n"
        "The attacks came two days after the army said troops had raided a militant hideout elsewhere in the "
        "northwest this week, killing 12 insurgents.\n"
        "Islamabad has long said militants use Afghan soil to plan attacks, a charge Kabul denies."
    ),
)

TOWNS = {
    "Bannu": (32.99, 70.60),
    "Lakki Marwat": (32.61, 70.91),
    "Tank": (32.22, 70.38),
    "Kohat": (33.58, 71.44),
    "Dera Ismail Khan": (31.83, 70.90),
}

PROTEST = Article(
    id="protest-1",
    published=dt.date(2025, 3, 12),
    text=(
        "On 10 March 2025, hundreds of nurses held a protest outside the press club in Lahore, demanding "
        "higher salaries. The protest ended peacefully."
    ),
)

STATEMENT = Article(
    id="statement-1",
    published=dt.date(2025, 3, 12),
    text=(
        "The interior minister said on Tuesday that the government would not allow militants to carry out "
        "attacks in Peshawar, and warned that any attack would be met with force."
    ),
)
