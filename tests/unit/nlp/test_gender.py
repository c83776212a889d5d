"""Gender evidence for pronoun resolution: honorifics first, then unambiguous given names only."""

from pipeline.nlp.gender import given_name_gender, name_gender


def test_an_honorific_outweighs_the_given_name():
    assert name_gender("Hillary Clinton", ["Mr."]) == "male"
    assert name_gender("Tomas Reyne", ["Ms."]) == "female"


def test_unambiguous_given_names_count_and_ambiguous_ones_do_not():
    assert name_gender("Hillary Clinton") == "female"
    assert name_gender("Donald Trump") == "male"
    assert given_name_gender("Kelly") is None  # "mostly_female" is no evidence
    assert given_name_gender("J.") is None


def test_a_lone_surname_says_nothing():
    assert name_gender("Clinton") is None
