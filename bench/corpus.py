"""A deterministic corpus of news-like articles for throughput benchmarks.

Articles are composed from sentence templates written for this benchmark
(wire-style ledes with datelines, follow-up facts, quotes, background and
habitual sentences) filled with varied countries, organisations and numbers
by a seeded RNG, so every run measures the same texts. Lengths spread over
150-900 words in 3-12 paragraphs.

    python bench/corpus.py OUT_DIR [--n 300] [--seed 7]     # writes OUT_DIR/*.txt
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# (name, demonym, capital, leader title, leader surname, foreign minister surname)
COUNTRIES = [
    ("Kenya", "Kenyan", "Nairobi", "President", "Mwangi", "Otieno"),
    ("Vietnam", "Vietnamese", "Hanoi", "Prime Minister", "Tran", "Nguyen"),
    ("Poland", "Polish", "Warsaw", "Prime Minister", "Nowak", "Kowalski"),
    ("Senegal", "Senegalese", "Dakar", "President", "Ndiaye", "Sarr"),
    ("Brazil", "Brazilian", "Brasilia", "President", "Oliveira", "Costa"),
    ("Argentina", "Argentine", "Buenos Aires", "President", "Fernandez", "Gomez"),
    ("Indonesia", "Indonesian", "Jakarta", "President", "Santoso", "Wibowo"),
    ("Turkey", "Turkish", "Ankara", "President", "Yilmaz", "Demir"),
    ("Greece", "Greek", "Athens", "Prime Minister", "Papadakis", "Georgiou"),
    ("Japan", "Japanese", "Tokyo", "Prime Minister", "Tanaka", "Suzuki"),
    ("South Korea", "South Korean", "Seoul", "President", "Kim", "Park"),
    ("India", "Indian", "New Delhi", "Prime Minister", "Sharma", "Verma"),
    ("Pakistan", "Pakistani", "Islamabad", "Prime Minister", "Qureshi", "Malik"),
    ("Egypt", "Egyptian", "Cairo", "President", "Hassan", "Mahmoud"),
    ("Nigeria", "Nigerian", "Abuja", "President", "Okafor", "Adeyemi"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "Prime Minister", "Bekele", "Tesfaye"),
    ("Germany", "German", "Berlin", "Chancellor", "Becker", "Schulz"),
    ("France", "French", "Paris", "President", "Martin", "Bernard"),
    ("Mexico", "Mexican", "Mexico City", "President", "Hernandez", "Ramirez"),
    ("Peru", "Peruvian", "Lima", "President", "Quispe", "Rojas"),
    ("Chile", "Chilean", "Santiago", "President", "Munoz", "Soto"),
    ("Australia", "Australian", "Canberra", "Prime Minister", "Wilson", "Taylor"),
    ("Canada", "Canadian", "Ottawa", "Prime Minister", "Tremblay", "Roy"),
    ("Morocco", "Moroccan", "Rabat", "Prime Minister", "Alaoui", "Bennani"),
    ("Ghana", "Ghanaian", "Accra", "President", "Mensah", "Boateng"),
    ("Thailand", "Thai", "Bangkok", "Prime Minister", "Srisuk", "Chaiyo"),
    ("Philippines", "Philippine", "Manila", "President", "Reyes", "Santos"),
    ("Sweden", "Swedish", "Stockholm", "Prime Minister", "Lindqvist", "Berg"),
    ("Ukraine", "Ukrainian", "Kyiv", "President", "Shevchenko", "Bondarenko"),
    ("Russia", "Russian", "Moscow", "President", "Ivanov", "Petrov"),
    ("China", "Chinese", "Beijing", "Premier", "Wang", "Li"),
    ("United States", "U.S.", "Washington", "President", "Miller", "Davis"),
    ("Colombia", "Colombian", "Bogota", "President", "Restrepo", "Vargas"),
    ("Algeria", "Algerian", "Algiers", "President", "Benali", "Haddad"),
    ("Uganda", "Ugandan", "Kampala", "President", "Okello", "Mugisha"),
    ("Bangladesh", "Bangladeshi", "Dhaka", "Prime Minister", "Rahman", "Hossain"),
]
ORGS = [
    ("the United Nations", "UN"), ("NATO", "NATO"), ("the European Union", "EU"),
    ("the African Union", "AU"), ("the International Monetary Fund", "IMF"),
    ("the International Committee of the Red Cross", "ICRC"), ("ASEAN", "ASEAN"),
    ("the World Health Organization", "WHO"), ("the World Bank", "World Bank"),
    ("the Organization of American States", "OAS"),
]
GROUPS = ["rebels", "protesters", "opposition supporters", "gunmen", "striking workers",
          "separatist fighters", "students", "farmers", "militants", "police"]
TOPICS = ["trade", "energy", "border security", "migration", "climate change", "fisheries",
          "counter-terrorism", "water sharing", "food security", "public health", "debt relief",
          "maritime security", "investment", "education", "transport links"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]

LEDES = [
    "{A} and {B} agreed on {day} to expand cooperation on {topic}, officials said.",
    "{Adem} and {Bdem} foreign ministers held talks in {Acap} on {day} on {topic} and regional security.",
    "{Aldr} {Aname} arrived in {Bcap} on {day} for a two-day visit, the first by a {Adem} leader in {n} years.",
    "{org} approved ${m} million in emergency aid for {A} on {day} after weeks of severe flooding.",
    "Police in {Acap} fired tear gas on {day} to disperse hundreds of {group} demanding lower food prices.",
    "{A} expelled {Bdem} diplomats on {day}, accusing them of interfering in its internal affairs.",
    "Gunmen killed {k} soldiers in an attack on an army post in northern {A} on {day}, the defence ministry said.",
    "{A} imposed sanctions on {n} {Bdem} officials on {day} over what it called a campaign of repression.",
    "{Adem} and {Bdem} troops began a joint military exercise near the border on {day}, the army said.",
    "{A} threatened on {day} to cut diplomatic ties with {B} if it did not withdraw its troops from the disputed area.",
    "{org} called on {A} and {B} to resume talks on {topic} after the collapse of negotiations on {day}.",
    "{A} released {k} prisoners on {day} under an amnesty announced last month, the justice ministry said.",
    "Thousands of {group} marched through {Acap} on {day} to protest against a new tax on fuel.",
    "{A} rejected on {day} a proposal by {B} to share the costs of a new railway line.",
    "The {Adem} government signed a {m} million dollar loan agreement with {org} on {day} to fund {topic} projects.",
]
FOLLOWS = [
    "The two sides also discussed {topic} and agreed to set up a joint working group.",
    "Officials said the talks had been constructive but that differences remained over {topic}.",
    "The ministers signed {n} agreements covering {topic}, {topic2} and cultural exchanges.",
    "{B} condemned the move as a violation of international law and summoned {A}'s ambassador.",
    "{org} said it was ready to send observers if both governments requested them.",
    "Security forces arrested {k} people, the interior ministry said in a statement.",
    "Witnesses said protesters threw stones and set fire to tyres before police pushed them back.",
    "The money will be used to rebuild roads, schools and clinics damaged by the floods.",
    "{A} said it would host the next round of talks in {Acap} in {year}.",
    "The {Adem} military said it had moved additional troops and armoured vehicles to the area.",
    "{Bldr} {Bname} welcomed the decision and thanked {A} for its support.",
    "The agreement still has to be ratified by the parliaments of both countries.",
    "{org} urged all parties to show restraint and to protect civilians.",
    "No group has claimed responsibility for the attack.",
    "{A}'s foreign ministry said the sanctions were unjustified and promised a response.",
    "The two leaders are expected to meet again at a summit in {Ccap} next month.",
    "{Bdem} officials did not respond to requests for comment.",
    "Aid agencies warned that more than {k},000 people still lacked clean water and shelter.",
    "The ceasefire, brokered by {org}, is due to take effect on {day2}.",
    "{A} denied the accusations and said its forces had acted in self-defence.",
]
QUOTES = [
    "\"This is a historic day for our two peoples,\" {Aldr} {Aname} told reporters.",
    "\"We will not accept any interference in our internal affairs,\" a {Adem} government spokesman said.",
    "\"Our priority is to get food and medicine to the people who need them,\" said an official of {org}.",
    "\"We came here peacefully, and they answered us with tear gas,\" said one protester, a {age}-year-old teacher.",
    "\"Dialogue is the only way forward,\" {Bdem} Foreign Minister {Bfm} said in a statement.",
    "\"The attackers will be found and punished,\" the army chief said on state television.",
]
BACKGROUNDS = [
    "{A} and {B} fought a brief border war in {old}, and relations have been tense ever since.",
    "The two countries established diplomatic relations in {old}.",
    "{A} has been hit by a wave of protests since the government raised fuel prices last year.",
    "{org} has helped mediate between the two sides for more than a decade.",
    "Trade between {A} and {B} reached ${m} million last year, according to official figures.",
    "{A} regularly holds military drills near its borders, and its neighbours often protest.",
    "Armed groups have been active in the region since {old}, and thousands have died in the violence.",
    "Analysts say the economic crisis has pushed many young people to emigrate.",
    "{A} and {B} have long disputed the ownership of several islands in the area.",
    "The government says the reforms are needed to bring down inflation, which reached {k} percent in {old2}.",
    "Elections are due in {year}, and the opposition has accused the government of stalling reforms.",
    "The region's economy depends heavily on farming, mining and remittances from abroad.",
]


@dataclass
class CorpusArticle:
    doc_id: str
    date: date
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    def as_file(self) -> str:
        """The article as a story file: a ``date`` line, then the text."""
        return f"date {self.date.isoformat()}\n{self.text}\n"


def _fillers(rng: random.Random, pub: date) -> dict[str, str]:
    a, b, c = rng.sample(COUNTRIES, 3)
    org, org_short = rng.choice(ORGS)
    topic, topic2 = rng.sample(TOPICS, 2)
    return {
        "A": a[0], "Adem": a[1], "Acap": a[2], "Aldr": a[3], "Aname": a[4],
        "B": b[0], "Bdem": b[1], "Bcap": b[2], "Bldr": b[3], "Bname": b[4], "Bfm": b[5],
        "Ccap": c[2], "org": org, "org_short": org_short, "group": rng.choice(GROUPS),
        "topic": topic, "topic2": topic2, "day": WEEKDAYS[pub.weekday()],
        "day2": rng.choice(WEEKDAYS), "n": str(rng.randint(2, 30)), "age": str(rng.randint(19, 70)), "k": str(rng.randint(3, 60)),
        "m": str(rng.choice([15, 40, 120, 250, 600, 1200])), "year": str(pub.year + 1),
        "old": str(rng.randint(1948, 2010)), "old2": str(pub.year - rng.randint(1, 3)),
    }


def _fill(template: str, f: dict[str, str]) -> str:
    text = template.format(**f)
    return text[0].upper() + text[1:]


def _fresh_sentence(rng: random.Random, pool: list[str], f: dict[str, str], pub: date,
                    used: set[str]) -> str | None:
    """A sentence not yet in the article (numbers, topics redrawn on a repeat), or None."""
    text = _fill(rng.choice(pool), f)
    for _ in range(8):
        if text not in used:
            break
        small = {k: v for k, v in _fillers(rng, pub).items()
                 if k in ("n", "k", "m", "old", "old2", "day2", "age", "topic", "topic2", "group", "Ccap")}
        text = _fill(rng.choice(pool), {**f, **small})
    else:
        return None
    used.add(text)
    return text


def make_article(i: int, rng: random.Random) -> CorpusArticle:
    """One article of 150-900 words: a lede with dateline, then mixed paragraphs."""
    pub = date(2023, 1, 1) + timedelta(days=rng.randint(0, 730))
    f = _fillers(rng, pub)
    target = rng.randint(150, 900)
    dateline = f"{f['Acap'].upper()}, {MONTHS[pub.month - 1]} {pub.day} - "
    paragraphs = [dateline + _fill(rng.choice(LEDES), f)]
    pools = [FOLLOWS] * 5 + [QUOTES] * 2 + [BACKGROUNDS] * 3
    used = {paragraphs[0]}
    words = len(paragraphs[0].split())
    while words < target:
        sents = [_fresh_sentence(rng, rng.choice(pools), f, pub, used)
                 for _ in range(rng.randint(1, 3))]
        para = " ".join(t for t in sents if t)
        if not para:
            continue
        paragraphs.append(para)
        words += len(para.split())
        if rng.random() < 0.15:  # a second strand of news in the same story
            f = {**f, **{k: v for k, v in _fillers(rng, pub).items() if k.startswith(("B", "org", "C"))}}
    return CorpusArticle(doc_id=f"bench-{i:04d}", date=pub, text="\n\n".join(paragraphs))


def generate(n: int = 300, seed: int = 7) -> list[CorpusArticle]:
    """``n`` articles, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    return [make_article(i, rng) for i in range(n)]


def write(folder: str | Path, n: int = 300, seed: int = 7) -> list[Path]:
    """Write the corpus as ``folder/bench-NNNN.txt`` story files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for art in generate(n, seed):
        path = folder / f"{art.doc_id}.txt"
        path.write_text(art.as_file(), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder to write the .txt story files into")
    parser.add_argument("--n", type=int, default=300, help="number of articles (default 300)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write(args.out, args.n, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles, {words} words, to {args.out}")


if __name__ == "__main__":
    main()
