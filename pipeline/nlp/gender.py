"""Gender evidence for people named in a document, so a pronoun ("she said") is never resolved to a person
the text marks as the other gender.

Three kinds of evidence, strongest first, each one a reader can check:
- an honorific written before the name ("Mr. Trump", "Ms. Clinton", "Sen. Warren" says nothing);
- the given name, looked up in the `gender-guesser` name list (about 40,000 given names by country; only
  names it calls plainly "male" or "female" count, never "mostly_" or "andy", so "Kelly" and "Bernie"
  stay unknown);
- nothing else: a gender guessed from earlier pronoun links would spread one wrong link to the rest of the
  document, so pronouns only ever read the evidence, they never write it.
"""

from collections.abc import Iterable
from functools import cache

MALE, FEMALE = "male", "female"
PRONOUN_GENDER = {
    "he": MALE, "him": MALE, "his": MALE, "himself": MALE,
    "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE,
}  # fmt: skip
HONORIFIC_GENDER = {
    "mr.": MALE, "mr": MALE, "mister": MALE, "sir": MALE, "lord": MALE, "king": MALE, "prince": MALE,
    "congressman": MALE, "chairman": MALE, "spokesman": MALE, "businessman": MALE, "father": MALE,
    "mrs.": FEMALE, "mrs": FEMALE, "ms.": FEMALE, "ms": FEMALE, "miss": FEMALE, "madam": FEMALE,
    "dame": FEMALE, "lady": FEMALE, "queen": FEMALE, "princess": FEMALE, "congresswoman": FEMALE,
    "chairwoman": FEMALE, "spokeswoman": FEMALE, "businesswoman": FEMALE, "sister": FEMALE,
}  # fmt: skip


@cache
def _detector():  # noqa: ANN202 - gender_guesser ships no type hints
    """The name list loads in a third of a second: once per process, and only when a name is looked up."""
    import gender_guesser.detector as detector  # noqa: PLC0415 - deferred: loading reads the data file

    return detector.Detector(case_sensitive=False)


@cache
def given_name_gender(given_name: str) -> str | None:
    """ "male" or "female" when the name list gives the name to one gender only, else None."""
    word = given_name.strip(".").split("-")[0]
    if len(word) < 2 or not word[:1].isupper() or not word.isalpha():
        return None  # initials ("J."), lower-case words, "O'Rourke": no evidence
    found = _detector().get_gender(word)
    return found if found in (MALE, FEMALE) else None


def name_gender(name: str, titles: Iterable[str] = ()) -> str | None:
    """The gender a person's mention gives: an honorific among the words written before it, else the
    given name of a name of two words or more (a lone surname, "Clinton", tells nothing)."""
    for word in titles:
        if found := HONORIFIC_GENDER.get(word.lower()):
            return found
    words = name.split()
    return given_name_gender(words[0]) if len(words) >= 2 else None
