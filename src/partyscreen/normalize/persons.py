"""Person names: titles, particles, name order, given-name variants.

Decisions (documented for the matcher):

* Hyphenated names are split into their parts ("Jean-Pierre" → ``jean``,
  ``pierre``; "Mun-kil" → ``mun``, ``kil``); the joined form is not kept as
  an extra token.  The matcher may join adjacent tokens when comparing
  ("Munkil" vs ``mun kil``).
* Initials are kept as one-letter tokens ("J. R. Smith" → ``j r smith``).
* Patronymics are kept.
* Particles are normalised but kept: ibn/ben (not first) → ``bin``,
  el → ``al``, abou → ``abu``; "al-Baghdadi" → ``al baghdadi``.
* Honorifics (Mr, Dr, Sheikh, ...) are dropped.
* Nicknames and spelling variants of given names are *not* applied to
  tokens; :func:`canonical_given_name` gives the matcher one key per name.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from partyscreen.normalize.spelling import canonical_spelling

TITLES: Final[frozenset[str]] = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mme", "mlle", "dr", "doctor", "prof", "professor",
        "sir", "dame", "lord", "lady", "hon", "sheikh", "shaikh", "shaykh", "sheik",
        "sayyid", "gen", "general", "col", "colonel", "maj", "major", "capt", "captain",
        "lt", "brig", "brigadier", "adm", "admiral", "rev", "reverend", "herr", "frau",
        "senor", "sr", "sra", "h e", "president", "prasident", "presidente", "monsieur",
        "madame", "mister", "excellency", "his", "her", "king", "queen", "prince", "princess",
        "emir", "minister", "premier", "chairman", "senator", "mullah", "maulvi", "haji", "hajji",
    }
)

#: Titles that are also family or given names: dropped only before the name ("King Abdullah",
#: "Major Karimov"), kept after it ("Sara King", "John Major", "Jordan Prince").
SURNAME_TITLES: Final[frozenset[str]] = frozenset(
    {"king", "queen", "prince", "princess", "major", "general", "lord", "lady", "dame", "captain", "his", "her", "premier", "senator", "chairman", "minister", "colonel", "emir", "sr"}
)

# particle -> normalised particle
PARTICLES: Final[dict[str, str]] = {
    "bin": "bin", "ibn": "bin", "ben": "bin", "bint": "bint", "binti": "bint",
    "al": "al", "el": "al", "ul": "ul", "ud": "ud", "abu": "abu", "abou": "abu",
    "abo": "abu", "umm": "umm", "um": "umm",
    "van": "van", "von": "von", "de": "de", "da": "da", "der": "der", "den": "den",
    "di": "di", "le": "le", "la": "la", "du": "du", "del": "del", "della": "della",
    "dos": "dos", "das": "das", "do": "do", "ter": "ter", "ten": "ten", "st": "st",
    "mac": "mac", "mc": "mc", "o": "o",
}

_PATRONYMIC_ENDINGS: Final = ("ovich", "evich", "ovna", "evna", "ichna", "vich", "ogly", "oglu",
                       "kyzy", "qizi", "ovych", "evych", "ivna")


#: Particles that make the next word a name, title or not ("al-Sayyid", "bin Sheikh", "Abu Haji").
_NAME_PARTICLES: Final[frozenset[str]] = frozenset({"al", "bin", "bint", "abu", "umm"})


def is_patronymic(token: str) -> bool:
    return len(token) > 5 and token.endswith(_PATRONYMIC_ENDINGS)


def normalise_person_tokens(tokens: list[str]) -> list[str]:
    """Drop titles, normalise particles, canonical spelling of each token."""
    out: list[str] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok in TITLES and n > 1 and (out or i < n - 1) and not (out and (tok in SURNAME_TITLES or out[-1] in _NAME_PARTICLES)):
            continue  # (after "al", "bin", "abu" a title is the name: "AL-SAYYID, Ibrahim", "Abu Haji")
        part = PARTICLES.get(tok)
        if part is not None and i < n - 1:
            if tok == "ben" and not out:
                out.append(tok)  # "Ben Smith": a given name
                continue
            if tok == "el" and not out and n <= 2:
                out.append(tok)
                continue
            out.append(part)
            continue
        out.append(canonical_spelling(tok) if len(tok) > 2 else tok)
    if not out:
        return list(tokens)
    return out


# --------------------------------------------------------------------------
# Given-name variants: canonical -> variants (nicknames and romanisations).
# Cognates in other languages (Alejandro, Alessandro) are deliberately not
# merged: in screening they are different names.

_GIVEN_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "william": ("bill", "billy", "will", "willy", "willie", "liam"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert", "robby"),
    "james": ("jim", "jimmy", "jimmie", "jamie"),
    "michael": ("mike", "mikey", "mick", "mickey", "micheal"),
    "mikhail": ("mihail", "mykhailo", "mykhaylo", "michail", "misha"),
    "alexander": ("alex", "alexandr", "aleksandr", "aleksander", "alexandre", "sasha",
                  "sacha", "oleksandr", "aliaksandr", "alyaksandr", "aleksandar"),
    "alexey": ("aleksey", "alexei", "aleksei", "alexej", "oleksiy", "oleksii", "aliaksei"),
    "thomas": ("tom", "tommy", "thom"),
    "richard": ("dick", "rick", "ricky", "rich", "richie"),
    "john": ("jack", "johnny", "jon"),
    "joseph": ("joe", "joey", "josef", "iosif"),
    "charles": ("charlie", "chuck", "chas"),
    "edward": ("ed", "eddie", "ned"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza", "elisabeth"),
    "elizaveta": ("yelizaveta", "yelyzaveta"),
    "katherine": ("kate", "kathy", "katie", "catherine", "kathryn"),
    "ekaterina": ("yekaterina", "katerina", "kateryna", "katya"),
    "margaret": ("maggie", "meg", "peggy", "marge"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davy"),
    "steven": ("steve", "stephen", "stevie"),
    "anthony": ("tony", "antony"),
    "andrew": ("andy", "drew"),
    "andrey": ("andrei", "andrii", "andriy", "andrej", "andrzej"),
    "nicholas": ("nick", "nicky", "nicolas"),
    "nikolay": ("nikolai", "mykola", "mikalai"),
    "christopher": ("chris", "kit"),
    "benjamin": ("ben", "benny", "bibi"),
    "barack": ("barry",),
    "theodore": ("theo", "ted", "teddy"),
    "samuel": ("sam", "sammy"),
    "patrick": ("pat", "paddy"),
    "peter": ("pete",),
    "pyotr": ("petr", "piotr", "petro", "pjotr"),
    "matthew": ("matt",),
    "gregory": ("greg",),
    "timothy": ("tim", "timmy"),
    "kenneth": ("ken", "kenny"),
    "ronald": ("ron", "ronnie"),
    "donald": ("don", "donnie"),
    "lawrence": ("larry", "laurence"),
    "jeffrey": ("jeff", "geoffrey"),
    "frederick": ("fred", "freddie", "freddy"),
    "henry": ("harry", "hank"),
    "jennifer": ("jen", "jenny"),
    "susan": ("sue", "susie"),
    "deborah": ("debbie", "deb"),
    "rebecca": ("becky",),
    "patricia": ("patty", "trish"),
    "dmitry": ("dmitri", "dmitriy", "dmitrii", "dmytro", "dzmitry", "dimitri", "dima"),
    "sergey": ("sergei", "sergii", "serhii", "serhiy", "siarhei", "sergiy"),
    "yury": ("yuri", "yuriy", "iurii", "yurii", "jurij", "juri", "yura"),
    "evgeny": ("yevgeny", "evgeniy", "yevgeniy", "evgenii", "yevhen", "yevhenii", "eugene",
               "zhenya", "yauheni"),
    "vladimir": ("volodymyr", "uladzimir", "wladimir", "vova", "volodya"),
    "ivan": ("vanya",),
    "igor": ("ihor",),
    "oleg": ("oleh", "aleh"),
    "grigory": ("grigoriy", "hryhoriy", "hryhorii", "grigori"),
    "georgy": ("georgiy", "georgii", "heorhiy", "heorhii"),
    "konstantin": ("kostiantyn", "kostyantyn", "kanstantsin"),
    "viktor": ("victor",),
    "maxim": ("maksim", "maksym", "max"),
    "anatoly": ("anatoliy", "anatolii"),
    "vitaly": ("vitaliy", "vitalii"),
    "valery": ("valeriy", "valerii", "valeri"),
    "vasily": ("vasiliy", "vasyl", "vasilii", "vasili"),
    "natalia": ("natalya", "nataliya", "natasha"),
    "tatiana": ("tatyana", "tetiana", "tetyana"),
    "yulia": ("yuliya", "iuliia", "julia", "yuliia"),
    "olga": ("olha", "volha"),
    "elena": ("yelena", "olena"),
    "irina": ("iryna",),
    "muhammad": ("mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "mohammet",
                 "muhamad", "mohd", "muhamed", "mehmet", "mohamud", "mahomed", "mamadou"),
    "ahmad": ("ahmed", "ahmet"),
    "abdul": ("abd", "abdel", "abdal", "abdol", "abdu", "abdoul", "abdoulaye"),
    "abdullah": ("abdallah", "abdulla", "abdellah", "abdollah", "abdillah", "abdalla"),
    "husayn": ("hussein", "hussain", "husain", "hosein", "hossein", "husein", "huseyin",
               "hussien"),
    "hasan": ("hassan", "hasson", "hasen"),
    "umar": ("omar", "omer", "umer"),
    "uthman": ("usman", "osman", "othman", "uthman", "usmon"),
    "yusuf": ("youssef", "yousef", "yousif", "yusef", "yussuf", "youssouf", "yosuf"),
    "ibrahim": ("ebrahim", "ibraheem", "brahim"),
    "ismail": ("ismael", "esmail", "ismayil"),
    "mustafa": ("mostafa", "mustapha", "moustafa", "mostapha"),
    "mahmud": ("mahmoud", "mahmood", "mahmut"),
    "khalid": ("khaled", "halid"),
    "said": ("saeed", "saeid", "saiid"),
    "usama": ("osama", "ousama"),
    "abu": ("abou", "abo"),
    "bin": ("ibn",),
    "ali": ("aly",),
    "jafar": ("jaafar", "jaffar", "djafar"),
    "qasim": ("qassem", "kassem", "qasem", "kasim", "casim", "ghasem"),
    "salih": ("saleh",),
    "sulaiman": ("suleiman", "sulayman", "soleiman", "soliman", "sleiman", "suleyman"),
    "yahya": ("yehia", "yahia", "yahyah"),
    "abbas": ("abas",),
    "reza": ("riza", "rida", "ridha"),
    "javad": ("jawad",),
    "mahdi": ("mehdi",),
    "musa": ("moussa", "mousa", "mussa"),
    "isa": ("issa", "eissa"),
    "ayman": ("aiman",),
    "nasser": ("nasir", "naser", "nassir"),
    "majid": ("majeed", "madjid", "magid"),
    "hamid": ("hameed", "hamed"),
    "rashid": ("rasheed", "rachid", "rashed"),
    "fatima": ("fatimah", "fatma", "fatemeh"),
}


def _build_given() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, variants in _GIVEN_GROUPS.items():
        canon_key = canonical_spelling(canonical)
        for v in (canonical, *variants):
            key = canonical_spelling(v.replace("'", ""))
            table.setdefault(key, canonical)
        table.setdefault(canon_key, canonical)
    return table


_GIVEN: Final = _build_given()


@lru_cache(maxsize=65536)
def canonical_given_name(token: str) -> str:
    """One key for the variants of a given name: nickname, romanisation, spelling.

    ``bill`` → ``william``, ``mohammed`` → ``muhammad``, ``iurii`` → ``yury``,
    ``aleksandr`` → ``alexander``.  A token that is no known name comes back
    in its canonical spelling (:func:`canonical_spelling`).
    """
    tok = token.casefold()
    key = canonical_spelling(tok)
    return _GIVEN.get(key, key)
