"""The offline geocoder, rule by rule: countries and their aliases, the hand-made divisions, US states,
cities and their ambiguities, regions after a comma, the names that are not places, and demonyms."""

import dataclasses
import math

import pytest

from pipeline.nlp.geocode import (
    GDELT_CONTINENT,
    GDELT_COUNTRY,
    GDELT_US_CITY,
    GDELT_US_STATE,
    GDELT_WORLD_CITY,
    GDELT_WORLD_STATE,
    Place,
    _index,
    country_of_demonym,
    geocode,
)


def where(text, **hint):
    """(feature type, country, adm1 code, name) of a geocode: the fields the rules decide."""
    place = geocode(text, **hint)
    assert place is not None, text
    return place.feature_type, place.country_code, place.adm1_code, place.name


COUNTRIES = [
    ("Russia", "RU"),
    ("the United States", "US"),
    ("United States of America", "US"),
    ("US", "US"),
    ("U.S.", "US"),
    ("USA", "US"),
    ("America", "US"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("Britain", "GB"),
    ("Great Britain", "GB"),
    ("United Kingdom", "GB"),
    ("South Korea", "KR"),
    ("Korea", "KR"),
    ("North Korea", "KP"),
    ("DPRK", "KP"),
    ("Iran", "IR"),
    ("Syria", "SY"),
    ("Ivory Coast", "CI"),
    ("Côte d'Ivoire", "CI"),
    ("Cote d'Ivoire", "CI"),
    ("Czech Republic", "CZ"),
    ("Czechia", "CZ"),
    ("the Netherlands", "NL"),
    ("Netherlands", "NL"),
    ("Holland", "NL"),
    # "Congo" alone is the DRC; the Republic of the Congo needs its longer name.
    ("Congo", "CD"),
    ("DRC", "CD"),
    ("Democratic Republic of the Congo", "CD"),
    ("Republic of the Congo", "CG"),
    ("Congo-Brazzaville", "CG"),
    ("Palestine", "PS"),
    ("Palestinian Territories", "PS"),
    ("Taiwan", "TW"),
    ("Hong Kong", "HK"),
    ("Vatican", "VA"),
    ("Vatican City", "VA"),
    ("Holy See", "VA"),
    ("UAE", "AE"),
    ("Burma", "MM"),
    ("Türkiye", "TR"),
    ("Kosovo", "XK"),
    ("the Gambia", "GM"),
    ("Isle of Man", "IM"),
    ("Bonaire, Saint Eustatius and Saba", "BQ"),
]


@pytest.mark.parametrize(("text", "iso"), COUNTRIES)
def test_a_country_is_found_by_its_name_or_a_news_alias(text, iso):
    place = geocode(text)
    assert place is not None
    assert (place.feature_type, place.country_code, place.gdelt_geo_type) == ("country", iso, GDELT_COUNTRY)


@pytest.mark.parametrize(
    "text",
    [
        "Russia",
        "RUSSIA",
        "russia",
        "the Russia",
        "The Russia",
        "Russia's",
        "Russia’s",
        "Russia.",
        '"Russia"',
        "  Russia ",
    ],
)
def test_case_a_leading_the_a_possessive_and_edge_punctuation_are_ignored(text):
    assert geocode(text).country_code == "RU"


def test_every_country_in_the_package_is_found_by_its_own_name():
    countries = _index().countries
    assert {iso: geocode(place.name).country_code for iso, place in countries.items()} == {
        iso: iso for iso in countries
    }


def test_every_us_state_is_found_by_its_name_except_the_three_a_rule_reads_otherwise():
    misses = {place.name for place in _index().states.values() if geocode(place.name) != place}
    assert misses == {"Georgia", "New York", "Washington"}


def test_a_country_carries_the_codes_gdelt_uses():
    russia = geocode("Russia")
    assert (russia.country_code, russia.country_fips, russia.country_iso3) == ("RU", "RS", "RUS")
    assert (russia.adm1_code, russia.geoname_id, russia.full_name) == (None, 2017370, "Russia")
    assert geocode("Germany").country_fips == "GM"


def test_a_countrys_coordinates_are_the_population_centre_of_its_cities():
    # Kiribati has one city in the data (South Tarawa): the centre is that city.
    [city] = {place for places in _index().cities.values() for place in places if place.country_code == "KI"}
    kiribati = geocode("Kiribati")
    assert (kiribati.latitude, kiribati.longitude) == pytest.approx((city.latitude, city.longitude), abs=1e-4)
    # Many cities: somewhere inside the country's bounding box, not at its capital.
    us = geocode("United States")
    assert 30 < us.latitude < 45 and -105 < us.longitude < -80
    assert (us.latitude, us.longitude) != (geocode("Washington").latitude, geocode("Washington").longitude)


def test_a_country_across_the_180th_meridian_is_averaged_on_the_sphere():
    # A flat mean of Fiji's longitudes (about +178 and -179) would land near 0°, in Africa.
    fiji = geocode("Fiji")
    assert abs(fiji.longitude) > 170 and -20 < fiji.latitude < -15


@pytest.mark.parametrize("text", ["Antarctica", "Bouvet Island"])
def test_a_country_with_no_city_in_the_data_has_no_coordinates(text):
    place = geocode(text)
    assert place.feature_type == "country"
    assert (place.latitude, place.longitude) == (None, None)


DIVISIONS = [
    # Parts of the UK: divisions, as GeoNames' admin1 codes have them.
    ("England", "GB", "GB.ENG", "UK", GDELT_WORLD_STATE, "England, United Kingdom"),
    ("Scotland", "GB", "GB.SCT", "UK", GDELT_WORLD_STATE, "Scotland, United Kingdom"),
    ("Wales", "GB", "GB.WLS", "UK", GDELT_WORLD_STATE, "Wales, United Kingdom"),
    ("Northern Ireland", "GB", "GB.NIR", "UK", GDELT_WORLD_STATE, "Northern Ireland, United Kingdom"),
    # FIPS 10-4, and so GDELT, counts Gaza and the West Bank as countries.
    ("Gaza", "PS", "PS.GZ", "GZ", GDELT_COUNTRY, "Gaza Strip, Palestinian Territory"),
    ("Gaza Strip", "PS", "PS.GZ", "GZ", GDELT_COUNTRY, "Gaza Strip, Palestinian Territory"),
    ("the Gaza Strip", "PS", "PS.GZ", "GZ", GDELT_COUNTRY, "Gaza Strip, Palestinian Territory"),
    ("West Bank", "PS", "PS.WE", "WE", GDELT_COUNTRY, "West Bank, Palestinian Territory"),
]


@pytest.mark.parametrize(("text", "iso", "adm1", "fips", "geo_type", "full_name"), DIVISIONS)
def test_a_hand_made_division_belongs_to_its_country(text, iso, adm1, fips, geo_type, full_name):
    place = geocode(text)
    assert (place.feature_type, place.country_code, place.adm1_code) == ("adm1", iso, adm1)
    assert (place.country_fips, place.gdelt_geo_type, place.full_name) == (fips, geo_type, full_name)
    assert place.latitude is not None and place.geoname_id is None


def test_a_city_in_gaza_carries_gdelts_code_for_gaza():
    gaza_city = geocode("Gaza City")
    assert (gaza_city.feature_type, gaza_city.country_fips, gaza_city.gdelt_geo_type) == (
        "city",
        "GZ",
        GDELT_WORLD_CITY,
    )
    assert gaza_city.full_name == "Gaza, Gaza Strip, Palestinian Territory"
    assert geocode("Ramallah").country_fips == "WE"


@pytest.mark.parametrize(
    ("text", "adm1", "name"),
    [
        ("Texas", "US.TX", "Texas"),
        ("California", "US.CA", "California"),
        ("Washington State", "US.WA", "Washington"),
        ("Washington state", "US.WA", "Washington"),
        ("New York State", "US.NY", "New York"),
        ("District of Columbia", "US.DC", "District of Columbia"),
    ],
)
def test_a_us_state_is_a_first_level_division_of_the_us(text, adm1, name):
    place = geocode(text)
    assert (place.feature_type, place.country_code, place.adm1_code, place.name) == ("adm1", "US", adm1, name)
    assert (place.country_fips, place.country_iso3, place.gdelt_geo_type) == ("US", "USA", GDELT_US_STATE)
    assert place.full_name == f"{name}, United States"


def test_a_states_coordinates_are_the_population_centre_of_its_cities():
    texas = geocode("Texas")
    assert 25.8 < texas.latitude < 36.5 and -106.6 < texas.longitude < -93.5


AMBIGUOUS_CITIES = [
    # The most populous city of the name...
    ("Paris", {}, ("city", "FR", "FR.11", "Paris")),
    ("London", {}, ("city", "GB", "GB.ENG", "London")),
    ("Portland", {}, ("city", "US", "US.OR", "Portland")),
    ("Springfield", {}, ("city", "US", "US.MO", "Springfield")),
    ("Cambridge", {}, ("city", "GB", "GB.ENG", "Cambridge")),
    ("Moscow", {}, ("city", "RU", "RU.48", "Moscow")),
    ("St. Petersburg", {}, ("city", "RU", "RU.66", "Saint Petersburg")),
    # ... unless the hint names a country that has one.
    ("Paris", {"country_hint": "US"}, ("city", "US", "US.TX", "Paris")),
    ("London", {"country_hint": "CA"}, ("city", "CA", "CA.08", "London")),
    ("Cambridge", {"country_hint": "us"}, ("city", "US", "US.MA", "Cambridge")),
    ("St. Petersburg", {"country_hint": "US"}, ("city", "US", "US.FL", "St. Petersburg")),
    ("Washington", {"country_hint": "GB"}, ("city", "GB", "GB.ENG", "Washington")),
    # A hint naming a country with no city of that name changes nothing.
    ("Paris", {"country_hint": "JP"}, ("city", "FR", "FR.11", "Paris")),
]


@pytest.mark.parametrize(("text", "hint", "expected"), AMBIGUOUS_CITIES)
def test_an_ambiguous_city_is_the_most_populous_unless_the_hint_picks_another(text, hint, expected):
    assert where(text, **hint) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # News means the capital by "Washington" and the city by "New York".
        ("Washington", ("city", "US", "US.DC", "Washington")),
        ("Washington, D.C.", ("city", "US", "US.DC", "Washington")),
        ("Washington DC", ("city", "US", "US.DC", "Washington")),
        ("D.C.", ("city", "US", "US.DC", "Washington")),
        ("New York", ("city", "US", "US.NY", "New York City")),
        ("New York City", ("city", "US", "US.NY", "New York City")),
        ("NYC", ("city", "US", "US.NY", "New York City")),
        ("New York State", ("adm1", "US", "US.NY", "New York")),
        # Old spellings that are the GeoNames name of a small city elsewhere.
        ("Odessa", ("city", "UA", "UA.17", "Odesa")),
        ("Calcutta", ("city", "IN", "IN.28", "Kolkata")),
        ("Odessa, Texas", ("city", "US", "US.TX", "Odessa")),
    ],
)
def test_the_news_usages(text, expected):
    assert where(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mexico", ("country", "MX")),
        ("Singapore", ("country", "SG")),
        ("Kuwait", ("country", "KW")),
        ("Luxembourg", ("country", "LU")),
        ("Djibouti", ("country", "DJ")),
        ("Hong Kong", ("country", "HK")),
        ("Mexico City", ("city", "MX")),
        ("Kuwait City", ("city", "KW")),
        ("Panama City", ("city", "PA")),
        ("Guatemala City", ("city", "GT")),
    ],
)
def test_a_name_that_is_a_country_and_a_city_is_the_country(text, expected):
    place = geocode(text)
    assert (place.feature_type, place.country_code) == expected


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("Georgia", None, ("country", "GE", None, "Georgia")),
        ("Georgia", "US", ("adm1", "US", "US.GA", "Georgia")),
        ("Georgia, USA", None, ("adm1", "US", "US.GA", "Georgia")),
        ("Atlanta, Georgia", None, ("city", "US", "US.GA", "Atlanta")),
        ("Tbilisi, Georgia", None, ("city", "GE", "GE.51", "Tbilisi")),
    ],
)
def test_georgia_is_the_country_unless_the_text_is_about_the_us(text, hint, expected):
    assert where(text, country_hint=hint) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [("Europe", "Europe"), ("Africa", "Africa"), ("North America", "North America"), ("Oceania", "Oceania")],
)
def test_a_continent_has_no_country_and_gdelt_type_zero(text, name):
    place = geocode(text)
    assert (place.feature_type, place.name, place.country_code, place.country_fips) == (
        "continent",
        name,
        None,
        None,
    )
    assert (place.gdelt_geo_type, place.full_name) == (GDELT_CONTINENT, name)
    assert place.latitude is not None and place.longitude is not None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "the",
        ",",
        # Regions with no record, and provinces the package does not carry.
        "the Middle East",
        "the Balkans",
        "Bavaria",
        # Calendar words and common words that are GeoNames cities ("March", "Of", "Police").
        "Tuesday",
        "March",
        "May",
        "Of",
        "Police",
        # Buildings standing for a government; "White House" is an alternate name of Casablanca.
        "the White House",
        "White House",
        "Kremlin",
        "the Kremlin",
        "the Pentagon",
        "Downing Street",
        "Wall Street",
        # Common words in lowercase: cities only match a capitalised name, and these countries too.
        "bath",
        "reading",
        "nice",
        "mobile",
        "paris",
        "us",
        "turkey",
        "china",
        # Nicknames among the alternate names.
        "Old Town",
        "New Town",
        "Gold",
    ],
)
def test_what_is_not_a_place_is_none(text):
    assert geocode(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reading", ("city", "GB", "GB.ENG", "Reading")),
        ("Bath", ("city", "GB", "GB.ENG", "Bath")),
        ("PARIS", ("city", "FR", "FR.11", "Paris")),
        ("Turkey", ("country", "TR", None, "Turkey")),
        ("washington", ("city", "US", "US.DC", "Washington")),
        ("united states", ("country", "US", None, "United States")),
    ],
)
def test_capitalised_or_unambiguous_names_still_match(text, expected):
    assert where(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Austin, Texas", ("city", "US", "US.TX", "Austin")),
        ("Austin, TX", ("city", "US", "US.TX", "Austin")),
        ("Austin, Texas, United States", ("city", "US", "US.TX", "Austin")),
        ("Paris, France", ("city", "FR", "FR.11", "Paris")),
        ("Paris, Texas", ("city", "US", "US.TX", "Paris")),
        ("Springfield, Illinois", ("city", "US", "US.IL", "Springfield")),
        ("Springfield, Ill.", ("city", "US", "US.IL", "Springfield")),
        ("Springfield, MA", ("city", "US", "US.MA", "Springfield")),
        ("Cambridge, Mass.", ("city", "US", "US.MA", "Cambridge")),
        ("Portland, Maine", ("city", "US", "US.ME", "Portland")),
        ("Moscow, Idaho", ("city", "US", "US.ID", "Moscow")),
        ("Seattle, Washington", ("city", "US", "US.WA", "Seattle")),
        ("London, England", ("city", "GB", "GB.ENG", "London")),
        ("London, UK", ("city", "GB", "GB.ENG", "London")),
        ("Lebanon, Pennsylvania", ("city", "US", "US.PA", "Lebanon")),
        ("Texas, United States", ("adm1", "US", "US.TX", "Texas")),
        ("England, UK", ("adm1", "GB", "GB.ENG", "England")),
        ("Luxembourg, Luxembourg", ("country", "LU", None, "Luxembourg")),
        # A place the gazetteer lacks, in a region it has: the region.
        ("Smallville, Kansas", ("adm1", "US", "US.KS", "Kansas")),
        ("Nowhereville, France", ("country", "FR", None, "France")),
        # Portland, Illinois is only a small city's alternate name, below the alternate-name floor.
        ("Portland, Illinois", ("adm1", "US", "US.IL", "Illinois")),
        # A region the gazetteer cannot read is ignored: Ontario is not in the package.
        ("London, Ontario", ("city", "GB", "GB.ENG", "London")),
    ],
)
def test_the_region_after_a_comma_picks_the_place_within_it(text, expected):
    assert where(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "iso"),
    [
        ("Kiev", "Kyiv", "UA"),
        ("Kyiv", "Kyiv", "UA"),
        ("Bombay", "Mumbai", "IN"),
        ("Peking", "Beijing", "CN"),
        ("Cologne", "Köln", "DE"),
        ("Saigon", "Ho Chi Minh City", "VN"),
        ("Kharkov", "Kharkiv", "UA"),
        # Accents and letters NFKD keeps whole are folded on both sides.
        ("Sao Paulo", "São Paulo", "BR"),
        ("Zurich", "Zürich", "CH"),
        ("Tromso", "Tromsø", "NO"),
        ("Khan Younis", "Khān Yūnis", "PS"),
        ("Saint Louis", "St. Louis", "US"),
    ],
)
def test_a_city_is_found_by_an_alternate_name_or_an_unaccented_spelling(text, name, iso):
    place = geocode(text)
    assert (place.feature_type, place.name, place.country_code) == ("city", name, iso)


@pytest.mark.parametrize(
    ("text", "name", "iso"),
    [
        # "Victoria" is an alternate name of Hong Kong, "Delhi" one of Dili, "Reading" one of Redding.
        ("Victoria", "Victoria", "HK"),
        ("Delhi", "Delhi", "IN"),
        ("Reading", "Reading", "GB"),
        ("Franklin", "Franklin", "US"),
    ],
)
def test_a_citys_own_name_beats_another_citys_alternate_name(text, name, iso):
    place = geocode(text)
    assert (place.name, place.country_code) == (name, iso)


@pytest.mark.parametrize(
    ("text", "geo_type", "full_name"),
    [
        ("Austin", GDELT_US_CITY, "Austin, Texas, United States"),
        ("Moscow", GDELT_WORLD_CITY, "Moscow, Russia"),
        ("London", GDELT_WORLD_CITY, "London, England, United Kingdom"),
        ("Edinburgh", GDELT_WORLD_CITY, "Edinburgh, Scotland, United Kingdom"),
        ("San Juan, Puerto Rico", GDELT_WORLD_CITY, "San Juan, Puerto Rico"),
        ("Texas", GDELT_US_STATE, "Texas, United States"),
        ("Russia", GDELT_COUNTRY, "Russia"),
        ("England", GDELT_WORLD_STATE, "England, United Kingdom"),
        ("Europe", GDELT_CONTINENT, "Europe"),
    ],
)
def test_gdelt_type_and_full_name(text, geo_type, full_name):
    place = geocode(text)
    assert (place.gdelt_geo_type, place.full_name) == (geo_type, full_name)


def test_a_city_carries_geonames_coordinates_and_id():
    austin = geocode("Austin, Texas")
    assert math.isclose(austin.latitude, 30.26715) and math.isclose(austin.longitude, -97.74306)
    assert austin.geoname_id == 4671654


def test_a_place_is_a_frozen_value_returned_identically_each_time():
    place = geocode("Moscow")
    assert place is geocode("Moscow") and hash(place) == hash(geocode("Moscow"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.name = "Moskva"
    assert isinstance(place, Place)


@pytest.mark.parametrize(
    ("word", "iso"),
    [
        ("Russian", "RU"),
        ("Russians", "RU"),
        ("russian", "RU"),
        ("Chinese", "CN"),
        ("American", "US"),
        ("British", "GB"),
        ("Israelis", "IL"),
        ("Palestinian", "PS"),
        ("Swiss", "CH"),
        ("Filipinos", "PH"),
        ("North Korean", "KP"),
        ("South Korean", "KR"),
        ("Congolese", "CD"),
        ("Ukrainian", "UA"),
        ("Martian", None),
        ("Kurdish", None),
        ("", None),
    ],
)
def test_country_of_demonym(word, iso):
    assert country_of_demonym(word) == iso
