"""Word lists for organisation names: abbreviations, spelling variants, stopwords.

Everything here works on ASCII lower-case tokens as produced by
:func:`partyscreen.normalize.text.tokenize`.  The tables are written for this
project (facts about English and the list publishers' habits); they are kept
small on purpose so that every entry can be reviewed.
"""

from __future__ import annotations

from typing import Final

#: Single-token abbreviations seen in list entries, expanded to the full word.
#: Legal-form abbreviations (Co., Corp., Ltd., Inc.) are *not* here: they are
#: recognised by :mod:`partyscreen.normalize.legal_forms` and moved to
#: ``NameForm.legal_forms``.
ABBREVIATIONS: Final[dict[str, tuple[str, ...]]] = {
    "us": ("united", "states"),
    "uk": ("united", "kingdom"),
    "univ": ("university",),
    "uni": ("university",),
    "inst": ("institute",),
    "instt": ("institute",),
    "tech": ("technology",),
    "techn": ("technology",),
    "technol": ("technology",),
    "intl": ("international",),
    "intnl": ("international",),
    "internat": ("international",),
    "mfg": ("manufacturing",),
    "mfr": ("manufacturer",),
    "mfrs": ("manufacturers",),
    "grp": ("group",),
    "assn": ("association",),
    "assoc": ("association",),
    "dept": ("department",),
    "natl": ("national",),
    "sci": ("science",),
    "scient": ("scientific",),
    "acad": ("academy",),
    "eng": ("engineering",),
    "engg": ("engineering",),
    "engr": ("engineering",),
    "engrg": ("engineering",),
    "elec": ("electronics",),
    "electr": ("electronics",),
    "ind": ("industries",),
    "inds": ("industries",),
    "indus": ("industries",),
    "bros": ("brothers",),
    "mgmt": ("management",),
    "mgt": ("management",),
    "svcs": ("services",),
    "svc": ("service",),
    "serv": ("services",),
    "dev": ("development",),
    "devt": ("development",),
    "govt": ("government",),
    "gov": ("government",),
    "admin": ("administration",),
    "adm": ("administration",),
    "amer": ("american",),
    "aeron": ("aeronautics",),
    "mach": ("machinery",),
    "equip": ("equipment",),
    "eqpt": ("equipment",),
    "telecom": ("telecommunications",),
    "telecomm": ("telecommunications",),
    "telecoms": ("telecommunications",),
    "comm": ("communications",),
    "comms": ("communications",),
    "commun": ("communications",),
    "info": ("information",),
    "lab": ("laboratory",),
    "labs": ("laboratories",),
    "res": ("research",),
    "ctr": ("center",),
    "cntr": ("center",),
    "hosp": ("hospital",),
    "med": ("medical",),
    "chem": ("chemical",),
    "pharm": ("pharmaceutical",),
    "pharma": ("pharmaceutical",),
    "petrochem": ("petrochemical",),
    "shpg": ("shipping",),
    "transp": ("transport",),
    "trdg": ("trading",),
    "trad": ("trading",),
    "impex": ("import", "export"),
    "imp": ("import",),
    "exp": ("export",),
    "expt": ("export",),
    "dist": ("distribution",),
    "distr": ("distribution",),
    "entp": ("enterprise",),
    "ents": ("enterprises",),
    "invest": ("investment",),
    "fdn": ("foundation",),
    "fed": ("federal",),
    "mil": ("military",),
    "prod": ("production",),
    "prods": ("products",),
    "sys": ("systems",),
    "syst": ("systems",),
    "tec": ("technology",),
    "r&d": ("research", "development"),
    "rnd": ("research", "development"),
    "st": ("saint",),
    "ste": ("saint",),
    "mt": ("mount",),
    "ft": ("fort",),
}

#: Abbreviations of "number", which stand for it only before a number ("Plant No. 5",
#: "Zavod Nr 12"): elsewhere "No" and "Nr" are names or parts of one ("NR-DEL", the
#: Korean surname No).
NUMBER_SIGNS: Final = frozenset({"no", "nr", "num"})

#: Multi-token phrases rewritten after stopword removal.  Keys and values are
#: token tuples.  Mostly Russian research-institution terms, whose English
#: listings vary ("Scientific Production Association" / "Research and
#: Production Association" / "NPO"), and a few English variants.
PHRASES: Final[dict[tuple[str, ...], tuple[str, ...]]] = {
    ("npo",): ("research", "production", "association"),
    ("nauchno", "proizvodstvennoe", "obedinenie"): ("research", "production", "association"),
    ("scientific", "production", "association"): ("research", "production", "association"),
    ("science", "production", "association"): ("research", "production", "association"),
    ("scientific", "industrial", "association"): ("research", "production", "association"),
    ("npp",): ("research", "production", "enterprise"),
    ("nauchno", "proizvodstvennoe", "predpriyatie"): ("research", "production", "enterprise"),
    ("scientific", "production", "enterprise"): ("research", "production", "enterprise"),
    ("science", "production", "enterprise"): ("research", "production", "enterprise"),
    ("scientific", "production", "company"): ("research", "production", "company"),
    ("nii",): ("research", "institute"),
    ("nauchno", "issledovatelskiy", "institut"): ("research", "institute"),
    ("nauchno", "issledovatelsky", "institut"): ("research", "institute"),
    ("scientific", "research", "institute"): ("research", "institute"),
    ("research", "scientific", "institute"): ("research", "institute"),
    ("scientific", "research"): ("research",),
    ("tsnii",): ("central", "research", "institute"),
    ("okb",): ("experimental", "design", "bureau"),
    ("kb",): ("design", "bureau"),
    ("konstruktorskoe", "byuro"): ("design", "bureau"),
    ("r", "d"): ("research", "development"),
    ("import", "export"): ("import", "export"),
    ("imp", "exp"): ("import", "export"),
    ("hi", "tech"): ("high", "technology"),
    ("high", "tech"): ("high", "technology"),
    ("hitech",): ("high", "technology"),
    ("hightech",): ("high", "technology"),
    ("s", "t"): ("science", "technology"),
    ("sci", "tech"): ("science", "technology"),
    ("scitech",): ("science", "technology"),
    ("peoples", "liberation", "army"): ("pla",),
    ("peoples", "republic", "china"): ("prc",),
}

#: Russian words of organisation names (as transliterated) read in English, after ``PHRASES``: a
#: name in Cyrillic meets its English listing ("Муромский приборостроительный завод" / "Murom
#: Instrument-Making Plant", "Главное разведывательное управление" / "Main Intelligence
#: Directorate").  Inflected forms as names write them (nominative, genitive after a noun).
RUSSIAN_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "zavod": ("plant",), "zavody": ("plant",), "zavoda": ("plant",), "kombinat": ("plant",),
    "obedinenie": ("association",), "predpriyatie": ("enterprise",), "institut": ("institute",),
    "byuro": ("bureau",), "konstruktorskoe": ("design",), "konstruktorsky": ("design",),
    "issledovatelsky": ("research",), "issledovatelskiy": ("research",),
    "priborostroitelny": ("instrument", "making"), "priborostroeniya": ("instrument", "making"),
    "mashinostroitelny": ("machine", "building"), "mashinostroeniya": ("machine", "building"),
    "sudostroitelny": ("shipbuilding",), "aviatsionny": ("aviation",), "elektronny": ("electronic",),
    "tsentr": ("center",), "gosudarstvenny": ("state",), "federalny": ("federal",),
    "kompaniya": ("company",), "korporatsiya": ("corporation",), "kholding": ("holding",),
    "gruppa": ("group",), "promyshlenny": ("industrial",), "tekhnology": ("technology",),
    "tekhnichesky": ("technical",), "khimichesky": ("chemical",), "metallurgichesky": ("metallurgical",),
    "oboronny": ("defense",), "oborony": ("defense",), "raketny": ("missile",), "kosmichesky": ("space",),
    "energetichesky": ("energy",), "neftyanoy": ("oil",), "gazovy": ("gas",), "torgovy": ("trading",),
    "kontsern": ("concern",), "firma": ("firm",), "akademiya": ("academy",), "universitet": ("university",),
    "laboratoriya": ("laboratory",), "sistemy": ("systems",), "opytnoe": ("experimental",),
    "opytny": ("experimental",), "experimentalny": ("experimental",), "proizvodstvenny": ("production",),
    "proizvodstvennoe": ("production",), "stroitelny": ("construction",), "transportny": ("transport",),
    "upravlenie": ("directorate",), "glavnoe": ("main",), "razvedyvatelnoe": ("intelligence",),
    "ministerstvo": ("ministry",), "sluzhba": ("service",), "kompleks": ("complex",),
}

#: "Chinese" read as "China" in organisation names, where the two are written alike: the Entity
#: List's "Chinese Academy of Engineering Physics" calls itself the China Academy of Engineering
#: Physics.  Other countries' adjectives are left as they are: read as the country, a place the
#: name may leave out, "National Oil Company" would be the National Iranian Oil Company.
COUNTRY_ADJECTIVES: Final[dict[str, str]] = {"chinese": "china"}

#: British spellings (and a few other variants) mapped to one spelling.  An
#: explicit list, not suffix rules: "-our" and "-ise" endings are too common
#: in names (Mansour, Nour, enterprise) for a rule to be safe.
SPELLING_VARIANTS: Final[dict[str, str]] = {
    "centre": "center", "centres": "centers", "centred": "centered",
    "theatre": "theater", "theatres": "theaters",
    "metre": "meter", "metres": "meters", "kilometre": "kilometer",
    "fibre": "fiber", "fibres": "fibers", "litre": "liter", "calibre": "caliber",
    "spectre": "specter", "sabre": "saber", "lustre": "luster", "meagre": "meager",
    "defence": "defense", "defences": "defenses", "offence": "offense",
    "licence": "license", "licences": "licenses", "licenced": "licensed",
    "pretence": "pretense",
    "aluminium": "aluminum", "programme": "program", "programmes": "programs",
    "catalogue": "catalog", "analogue": "analog", "dialogue": "dialog",
    "tyre": "tire", "tyres": "tires", "jewellery": "jewelry", "jeweller": "jeweler",
    "jewellers": "jewelers", "grey": "gray", "cheque": "check", "cheques": "checks",
    "aeroplane": "airplane", "aeroplanes": "airplanes", "manoeuvre": "maneuver",
    "colour": "color", "colours": "colors", "coloured": "colored",
    "labour": "labor", "harbour": "harbor", "harbours": "harbors",
    "honour": "honor", "favour": "favor", "behaviour": "behavior",
    "neighbour": "neighbor", "vapour": "vapor", "armour": "armor",
    "armoured": "armored", "flavour": "flavor", "flavours": "flavors",
    "rumour": "rumor", "valour": "valor", "vigour": "vigor", "endeavour": "endeavor",
    "tumour": "tumor", "odour": "odor", "humour": "humor", "parlour": "parlor",
    "splendour": "splendor", "saviour": "savior", "rigour": "rigor",
    "mould": "mold", "moulding": "molding", "sulphur": "sulfur",
    "sulphuric": "sulfuric", "sulphate": "sulfate", "sulphide": "sulfide",
    "ageing": "aging", "artefact": "artifact", "sceptic": "skeptic",
    "plough": "plow", "draught": "draft", "storey": "story", "kerb": "curb",
    "paediatric": "pediatric", "paediatrics": "pediatrics",
    "haematology": "hematology", "anaesthesia": "anesthesia",
    "orthopaedic": "orthopedic", "orthopaedics": "orthopedics",
    "gynaecology": "gynecology", "oesophageal": "esophageal", "foetal": "fetal",
    "encyclopaedia": "encyclopedia", "mediaeval": "medieval",
    "travelling": "traveling", "travelled": "traveled", "traveller": "traveler",
    "travellers": "travelers", "modelling": "modeling", "labelling": "labeling",
    "fuelling": "fueling", "signalling": "signaling", "counselling": "counseling",
    "levelling": "leveling", "tunnelling": "tunneling", "channelling": "channeling",
    "marshalling": "marshaling", "cancelled": "canceled", "enrolment": "enrollment",
    "fulfil": "fulfill", "instalment": "installment", "practise": "practice",
    "analyse": "analyze", "analysed": "analyzed", "analyser": "analyzer",
    "analysers": "analyzers", "analysing": "analyzing", "catalyse": "catalyze",
    "paralyse": "paralyze", "organise": "organize", "organised": "organized",
    "specialise": "specialize", "specialised": "specialized",
    "recognise": "recognize", "recognised": "recognized",
    "authorise": "authorize", "authorised": "authorized",
    "realise": "realize", "utilise": "utilize", "modernise": "modernize",
    "modernised": "modernized", "standardise": "standardize",
    "standardised": "standardized", "optimise": "optimize", "optimised": "optimized",
    "harmonise": "harmonize", "mechanised": "mechanized", "mechanise": "mechanize",
    "centralised": "centralized", "privatised": "privatized",
    "computerised": "computerized", "digitise": "digitize", "digitised": "digitized",
    "synthesise": "synthesize", "synthesised": "synthesized",
    "stabilise": "stabilize", "stabilised": "stabilized", "sterilise": "sterilize",
    "sterilised": "sterilized", "fertiliser": "fertilizer", "fertilisers": "fertilizers",
    "pressurised": "pressurized", "motorised": "motorized", "visualise": "visualize",
    "globalise": "globalize", "metallurgic": "metallurgical",
    "favourite": "favorite",
}

#: Suffix rules for the "-isation" family, which has no false friends among
#: name words (enterprise, Mansour and friends are not touched).
SPELLING_SUFFIXES: Final[tuple[tuple[str, str], ...]] = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("isers", "izers"),
)

#: Function words dropped from organisation names (several languages, ASCII).
ORG_STOPWORDS: Final[frozenset[str]] = frozenset(
    {
        # English
        "of", "the", "and", "for", "in", "on", "at", "by", "to", "with", "a", "an",
        # Romance / German / Dutch / Scandinavian
        "de", "del", "della", "delle", "dei", "degli", "di", "da", "do", "dos", "das",
        "des", "du", "la", "le", "les", "lo", "los", "las", "el", "et", "y", "e", "und",
        # (Dutch and German "van", "der", "den" are kept: in organisation names they
        # are mostly part of a family name, "Van der Bilt", not a function word.)
        "die", "dem", "het", "voor", "en", "og", "och",
        # Arabic article and "in" (romanised)
        "al", "fi",
        # Russian / Ukrainian / Polish conjunctions and prepositions
        "i", "v", "im", "imeni", "imeny", "na", "po", "pri", "dlya", "z", "ze", "ve",
    }
)

#: Tokens that carry little identity in organisation names.  The matcher gives
#: them a low weight; they are *kept* in ``NameForm.tokens``.  Chosen from the
#: most frequent organisation-name tokens across the OFAC, BIS Entity List and
#: OpenSanctions lists (document frequency), keeping descriptors and dropping
#: words that identify (bank names, places other than China, brands).
GENERIC_ORG_TOKENS: Final[frozenset[str]] = frozenset(
    {
        # corporate descriptors
        "group", "groups", "holding", "holdings", "company", "companies",
        "corporation", "enterprise", "enterprises", "firm", "partners",
        "international", "global", "worldwide", "general", "united",
        "trading", "trade", "traders", "import", "export", "commercial",
        "industry", "industries", "industrial", "manufacturing",
        "technology", "technologies", "tech", "science", "scientific",
        "services", "service", "solutions", "systems", "system", "products",
        "development", "investment", "investments", "management",
        "logistics", "consulting", "engineering", "electronics", "electronic",
        "equipment", "supply", "supplies", "resources", "project", "projects",
        "network", "networks", "information",
        # institutions
        "institute", "research", "university", "academy", "center", "centre",
        "laboratory", "national", "state", "federal", "joint", "branch",
        "office", "department", "association", "foundation", "agency", "bureau",
        "production", "plant", "factory", "works",
        # the country of most Entity List parties, and nationality words
        "china", "chinese", "prc", "hong", "kong", "russia", "russian",
        "iran", "iranian",
        # Chinese company-name filler in pinyin
        "gongsi", "youxian", "jituan", "keji", "shi",
    }
)

#: Continents and world regions that qualify an organisation's name ("Faberlic
#: Europe", "Huawei Technologies Middle East"): they say which branch, not who.
#: Countries are not here: "Banco Santander Chile" is another bank than "Banco Santander".
REGION_QUALIFIER_TOKENS: Final[frozenset[str]] = frozenset(
    {
        "europe", "european", "eurasia", "eurasian", "asia", "asian", "africa", "african",
        "america", "americas", "american", "latin", "latam", "pacific", "atlantic", "nordic",
        "scandinavia", "baltic", "balkan", "balkans", "caucasus", "gulf", "mena", "emea",
        "apac", "overseas", "north", "south", "east", "west", "middle", "central",
    }
)

#: Cardinal numbers written out, to digits (so "Brigade Forty-Four" meets "Brigade 44").
CARDINAL_UNITS: Final[dict[str, int]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
CARDINAL_TENS: Final[dict[str, int]] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}

#: English ordinals written out, to digits (so "Third Academy" meets "3rd Academy").
ORDINAL_WORDS: Final[dict[str, str]] = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
    "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
    "eleventh": "11", "twelfth": "12", "thirteenth": "13", "fourteenth": "14",
    "fifteenth": "15", "sixteenth": "16", "seventeenth": "17", "eighteenth": "18",
    "nineteenth": "19", "twentieth": "20",
}


def expand_abbreviation(token: str) -> tuple[str, ...]:
    return ABBREVIATIONS.get(token, (token,))


def unify_spelling(token: str) -> str:
    """British → American spelling for one token (explicit list plus -isation rules)."""
    out = SPELLING_VARIANTS.get(token)
    if out is not None:
        return out
    if len(token) > 7:
        for suffix, repl in SPELLING_SUFFIXES:
            if token.endswith(suffix):
                return token[: -len(suffix)] + repl
    return token
