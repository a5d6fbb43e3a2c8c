"""Street addresses and towns in patients' messages.

usaddress (a CRF tagger trained on US addresses) reads the words after a house number followed by a
word in capitals. It labels every word it is given, so its answer counts only when it finds a street
(a house number, a street name and a street type it knows: "Way", "Strip", "Plaza"); the address then
runs on over what it labels an apartment, a town before a state or after a comma, a state and a zip
code ("1234 Elm Street, Apt 5B, Springfield, IL 62704"). Rules catch the rest: a number, up to four
words and a common street type in any case ("12 n. main st."), PO boxes, apartments and suites.

Towns: words in capitals after a phrase that says where someone lives or comes from ("I live in
Boise", "we moved to Fort Collins", "I'm from Green Bay", "I live on Elm in Springfield"), or before a
state ("Denver, CO"). A state alone is kept (HIPAA Safe Harbor allows it), and so is a country (the
states, their codes and the countries are Faker's US address data).
"""
from __future__ import annotations

import functools
import re

import usaddress

from .redact_numbers import text_chunks

_I = re.IGNORECASE
MAX_PARSES_PER_CHUNK = 8
WINDOW_TOKENS = 14

_STREET_TYPES = (r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace"
                 r"|circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|close|crescent")
ADDRESS = re.compile(
    rf"\b\d{{1,6}}[a-z]?\s+(?:[NSEW]\.?\s+)?(?:[\w'-]{{1,30}}\s+){{0,3}}?[\w'-]{{1,30}}\s+(?:{_STREET_TYPES})\b\.?"
    r"(?:,?\s+(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*[\w-]+)?"
    r"|(?<![^\W\d_])(?:p\.?\s?o\.?\s+box|apt|apartment|unit|suite)\.?\s*#?\s*\d[\w-]*",
    _I)
# A house number, then (after a direction) a word in capitals: where usaddress is asked.
ADDRESS_START = re.compile(r"(?<![\w.,/:-])\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?=[^\W\d_a-z])")
_STREET_LABELS = frozenset({"StreetNamePreModifier", "StreetNamePreDirectional", "StreetNamePreType", "StreetName",
                            "StreetNamePostType", "StreetNamePostDirectional", "StreetNamePostModifier"})
_UNIT_WORD = re.compile(r"(?i)apt|apartment|suite|ste|unit|#|fl|floor|room|rm|bldg|building|lot|trlr|dept")
_AFTER_STREET_LABELS = frozenset({"OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier",
                                  "PlaceName", "StateName", "ZipCode"})

# State codes that are also words or titles ("OK", "Dr. Lee, MD") count only before a zip code.
_WORDLIKE_CODES = frozenset({"OK", "IN", "ME", "OR", "HI", "MD", "DO", "PA"})
# Places kept besides Faker's states and countries: regions, and countries by their everyday names.
KEPT_PLACES = frozenset(place.strip() for place in """us, u.s, usa, america, the us, the states, united states, uk,
the uk, britain, great britain, england, scotland, wales, europe, asia, africa, south america, latin america,
the caribbean, the middle east, syria, russia, south korea, north korea, palestine, laos, czechia, brasil, holland,
the netherlands, the philippines, ivory coast, macedonia""".split(","))
NOT_PLACES = frozenset("""the a an my our your his her their this that dr dr. doctor mr mrs ms st i it there here home
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
october november december jan feb mar apr jun jul aug sep sept oct nov dec today tomorrow""".split())

# Up to four words in capitals ("Fort Collins", "St. Louis", "Coeur d'Alene"), none of them a word
# that starts a new clause ("I live in Boise And I ...").
_CLAUSE_WORDS = (r"(?!(?:And|But|Or|So|I|I'm|Im|My|The|Is|Was|Are|If|When|Then|Thanks|Thank|Please|Can|Could|Do"
                 r"|Does|Will|Would|Should|What|How|Where|Why|Who|In|On|At|To|For|With)\b)")
_PLACE_WORD = _CLAUSE_WORDS + r"[^\W\d_a-z][\w'’-]*"
_PLACE = rf"((?:(?:St|Ft|Mt)\.\s+)?{_PLACE_WORD}(?:\s+(?:(?:de|la|del|of)\s+)?{_PLACE_WORD}){{0,3}})"
PLACE_AFTER_PHRASE = re.compile(
    r"(?i:\b(?:live[sd]?|living|reside[sd]?|residing|moved|move|moving|relocated|relocating|staying|based)"
    r"\s+(?:in|on|at|near|off|outside(?:\s+of)?|around|to)"
    r"|\b(?:i'?m|i\s+am|we'?re|we\s+are|he's|she's|they're|coming|come|comes|driving|drive|travell?ing|travel"
    r"|commuting|commute|visiting)\s+(?:all\s+the\s+way\s+)?from)\s+"
    + _PLACE + r"(?:,?\s+(?i:in|near|outside(?:\s+of)?)\s+" + _PLACE + ")?")
# Cheap tests that let most questions skip the two rules above: a preposition or a comma before capitals.
PLACE_HINT = re.compile(r"(?=[iontafIONTAF])\b(?i:in|on|at|near|off|outside|around|to|from|of)\s+[^\W\d_a-z]")
STATE_HINT = re.compile(r",\s+[A-Z]")
CITY_BEFORE_STATE = re.compile(r"(?<![\w'’-])" + _PLACE + r",\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z]{2})\b"
                               r"(\s+(?:\d{5}|\[number\]))?")


def redact_street_addresses(text: str) -> str:
    """Addresses that usaddress confirms, then the rules' street addresses, PO boxes and apartments."""
    text = "".join(_library_addresses(chunk) for chunk in text_chunks(text))
    return ADDRESS.sub("[address]", text)


def _library_addresses(chunk: str) -> str:
    parts, pos, parses = [], 0, 0
    for start in ADDRESS_START.finditer(chunk):
        if start.start() < pos:
            continue
        if parses == MAX_PARSES_PER_CHUNK:
            break
        parses += 1
        if end := _address_end(chunk, start.start()):
            parts += [chunk[pos:start.start()], "[address]"]
            pos = end
    parts.append(chunk[pos:])
    return "".join(parts)


def _address_end(text: str, start: int) -> int:
    """Where the address that starts at ``start`` ends, by usaddress's labels (0: no address there)."""
    window = re.match(r"[^?!;\n]*", text[start:start + 300]).group(0)
    words = list(re.finditer(r"\S+", window))[:WINDOW_TOKENS]
    window = window[:words[-1].end()] if words else ""
    parsed = usaddress.parse(window)
    count = _address_token_count([token for token, _ in parsed], [label for _, label in parsed])
    end = 0
    for token, _ in parsed[:count]:
        if (found := window.find(token, end)) < 0:  # usaddress keeps its tokens verbatim; be safe anyway
            break
        end = found + len(token)
    return start + len(window[:end].rstrip(",;:")) if end else 0


def _address_token_count(tokens: list[str], labels: list[str]) -> int:
    """How many tokens form a street address (0: none): number, street with a street type, then an
    apartment, a town (at the end only after a comma), a state and a zip code."""
    if len(labels) < 3 or labels[0] != "AddressNumber":
        return 0
    street_end = 1
    while street_end < len(labels) and labels[street_end] in _STREET_LABELS:
        street_end += 1
    street = labels[1:street_end]
    if "StreetName" not in street or not {"StreetNamePostType", "StreetNamePreType"} & set(street):
        return 0
    end = street_end
    while end < len(labels) and labels[end] in _AFTER_STREET_LABELS and _fits_label(tokens[end], labels[end]):
        end += 1
    town_start = end
    while town_start > street_end and labels[town_start - 1] == "PlaceName":
        town_start -= 1
    return end if town_start == end or tokens[town_start - 1].endswith(",") else town_start


def _fits_label(token: str, label: str) -> bool:
    """Whether ``token`` can be what usaddress labels it after a street (it labels every word, so
    "about my appointment" after "1 Elm Street" comes out as a town and a state)."""
    word = token.strip(",.;:")
    if label == "ZipCode":
        return bool(re.fullmatch(r"\d{5}(?:-\d{4})?", word))
    if label == "StateName":
        states, codes, _ = us_places()
        return word in codes or word[:1].isupper() and any(word.casefold() in state.split() for state in states)
    if label in ("OccupancyType", "SubaddressType"):
        return bool(_UNIT_WORD.fullmatch(word)) or word[:1].isupper()
    if label in ("OccupancyIdentifier", "SubaddressIdentifier"):
        return word == "#" or bool(re.fullmatch(r"#?\w{0,3}\d\w{0,3}|[A-Za-z]", word))
    return word[:1].isupper()  # PlaceName


def redact_towns(text: str) -> str:
    """Towns after a phrase that says where someone lives, and before a state, as [address]."""
    if PLACE_HINT.search(text):
        text = PLACE_AFTER_PHRASE.sub(_towns_after_phrase, text)
    if STATE_HINT.search(text):
        text = CITY_BEFORE_STATE.sub(_town_before_state, text)
    return text


def _towns_after_phrase(match: re.Match) -> str:
    found, offset = match.group(0), match.start(0)
    for group in (2, 1):  # the later group first, so the earlier one's offsets still hold
        if match.group(group) is None or not _is_town(match.group(group)):
            continue
        start, end = match.start(group) - offset, match.end(group) - offset
        found = found[:start] + "[address]" + found[end:]
    return found


def _town_before_state(match: re.Match) -> str:
    town, state, zip_code = match.group(1), match.group(2), match.group(3)
    states, codes, _ = us_places()
    is_state = state.casefold() in states or state.split()[0].casefold() in states or state in codes
    if not is_state or state in _WORDLIKE_CODES and not zip_code or not _is_town(town):
        return match.group(0)
    return "[address]" + match.group(0)[len(town):]


def _is_town(words: str) -> bool:
    """Words in capitals that name no state or country and start with no word like "The" or "Dr"."""
    states, _, countries = us_places()
    place = words.casefold().rstrip(".")
    kept = place in states or place in countries or place in KEPT_PLACES
    return not kept and words.split()[0].casefold() not in NOT_PLACES


@functools.cache
def us_places() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Faker's US states (case-folded), state and territory codes, and countries (case-folded)."""
    from faker.providers.address.en_US import Provider

    codes = frozenset(Provider.states_abbr) | frozenset(Provider.territories_abbr)
    return (frozenset(state.casefold() for state in Provider.states) | {"district of columbia", "puerto rico", "guam"},
            codes, frozenset(country.casefold() for country in Provider.countries))
