"""Name normalisation: the layer the matcher and the candidate index are built on.

Public interface::

    NameForm                     one normalised reading of a name
    analyze(text, schema)        all readings of one name
    normalize_text(text)         NFKC, casefold, transliteration, punctuation → space
    detect_script(text)          dominant script ("Latin", "Cyrillic", "Han", ...)
    phonetic_key(token)          Metaphone of the token's canonical spelling
    is_person_schema(schema)     True for person schemata
    GENERIC_ORG_TOKENS           low-identity organisation words
    REGION_QUALIFIER_TOKENS      continents and world regions qualifying a branch's name
    canonical_given_name(token)  one key per given name (nicknames, variants)
    canonical_spelling(token)    one spelling per romanisation variant
    legal_form_family(code)      ltd / jsc / corp / lp / state / ... for a legal-form code

Modules: ``names`` (analysis), ``text`` (Unicode, tokens, scripts, phonetics),
``transliterate`` (Cyrillic, Arabic/Persian, fallback), ``chinese``
(dictionary, segmentation, pinyin), ``legal_forms``, ``vocabulary``
(abbreviations, spelling variants, stopwords, generic tokens), ``persons``
(titles, particles, given-name variants), ``spelling`` (canonical spelling),
``countries`` (country codes).
"""

from partyscreen.normalize.legal_forms import legal_form_family
from partyscreen.normalize.names import NameForm, analyze, has_legal_form, is_person_schema, names_an_organisation
from partyscreen.normalize.persons import canonical_given_name
from partyscreen.normalize.spelling import canonical_spelling
from partyscreen.normalize.text import detect_script, normalize_text, phonetic_key
from partyscreen.normalize.vocabulary import GENERIC_ORG_TOKENS, REGION_QUALIFIER_TOKENS

__all__ = [
    "GENERIC_ORG_TOKENS",
    "REGION_QUALIFIER_TOKENS",
    "NameForm",
    "analyze",
    "canonical_given_name",
    "canonical_spelling",
    "detect_script",
    "has_legal_form",
    "is_person_schema",
    "legal_form_family",
    "names_an_organisation",
    "normalize_text",
    "phonetic_key",
]
