"""The event taxonomy: every kind of event newsgraph codes, with its triggers and its GDELT/CAMEO coding.

One table, read by extraction (which words can report an event of a type, and how the parse's subject
and object map onto the type's roles) and written to the warehouse as `event_types`, so SQL can join a
code to its meaning. `docs/events.md` lists it for readers (a test keeps the two in step).

Types come from three sources:
- the ACE 2005 event subtypes (life, movement, transaction, business, conflict, contact, personnel,
  justice), the usual reference for "who did what to whom" extraction;
- the CAMEO verbal and material interactions GDELT users filter on (statement, appeal, intent, consult,
  cooperate, agreement, aid, demand, disapprove, reject, threaten, protest, sanction, coerce);
- disasters and accidents (earthquake, fire, flood, storm, explosion, crash), which CAMEO does not code,
  and a few common news happenings neither scheme has (a contest won, a theft, an escape, a stay in
  rehab or hospital, a product launch).

The last type, `occurrence`, is the catch-all: any other action a sentence reports (its verb), so that
reports of one happening can be linked across documents as event coreference expects (ECB+ annotates
every action, not only the coded ones). It has no trigger list, no code and no Goldstein value; the
GDELT-style marts leave it out.

A type carries its CAMEO event code where one honestly applies (`cameo_code`; `cameo_root` is its first
two digits), GDELT's quad class (derived from the root: 01-05 verbal cooperation, 06-09 material
cooperation, 10-14 verbal conflict, 15-20 material conflict) and the Goldstein scale value GDELT's
CAMEO.goldsteinscale lookup gives that code. Types with no CAMEO code have none of the three: GDELT does
not code an earthquake, and inventing a value would mislead anyone averaging Goldstein scores.
"""

from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from pipeline.lake.records import Record


@dataclass(frozen=True)
class EventType:
    """One kind of event and the words that report it.

    `verbs` and `nouns` are lemmas (a phrasal verb as "step down", a noun compound as "air strike");
    `adjectives` report a state that implies the event ("dead", "bankrupt"). The subject of a verb is the
    type's actor and its object the `undergoer` (target, or victim for harm), except for the verbs in
    `subject_undergoes` ("died", "resigned": the subject is who it happened to) and in the passive ("was
    arrested": the subject is the undergoer, the "by" phrase the actor). A possessor of a noun trigger
    ("Russia's attack", "Navalny's arrest") is the actor unless the type lists `possessor_undergoes`."""

    name: str
    family: str
    description: str
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    ace_subtype: str | None = None
    cameo_code: str | None = None
    goldstein: float | None = None
    undergoer: str = "target"
    subject_undergoes: frozenset[str] = frozenset()
    possessor_undergoes: bool = False
    # Types done to things ("launched a new iPhone", "the sale of the unit"): an unnamed object is kept
    # whatever it is, and an "of" phrase names what it was done to.
    thing_undergoer: bool = False
    # Types whose participants are people or organisations acting on one another (a meeting, a call):
    # a report naming nobody is too vague to keep.
    needs_participant: bool = False

    @property
    def cameo_root(self) -> str | None:
        return self.cameo_code[:2] if self.cameo_code else None

    @property
    def quad_class(self) -> int | None:
        """GDELT's QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
        conflict."""
        if self.cameo_root is None:
            return None
        root = int(self.cameo_root)
        return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _t(name: str, family: str, description: str, *, verbs=(), nouns=(), adjectives=(), **kw) -> EventType:
    return EventType(
        name,
        family,
        description,
        verbs=frozenset(verbs),
        nouns=frozenset(nouns),
        adjectives=frozenset(adjectives),
        subject_undergoes=frozenset(kw.pop("subject_undergoes", ())),
        **kw,
    )


EVENT_TYPES: tuple[EventType, ...] = (
    # --- ACE life -------------------------------------------------------------------------------------
    _t("born", "life", "A person is born.", verbs=["bear"], nouns=["birth"], ace_subtype="Life:Be-Born",
       undergoer="target", possessor_undergoes=True),
    _t("marry", "life", "People marry.", verbs=["marry", "wed"], nouns=["wedding", "marriage"],
       ace_subtype="Life:Marry"),
    _t("divorce", "life", "A marriage ends.", verbs=["divorce"], nouns=["divorce"], ace_subtype="Life:Divorce"),
    _t("injure", "life", "Someone is hurt.", verbs=["injure", "wound", "hurt", "maim"],
       nouns=["injury"], ace_subtype="Life:Injure", undergoer="victim", possessor_undergoes=True),
    _t("die", "life", "Someone dies or is killed (the killer, if any, is the actor).",
       verbs=["die", "kill", "murder", "assassinate", "slay", "perish", "drown", "behead", "succumb"],
       nouns=["death", "killing", "murder", "assassination", "homicide", "suicide", "fatality",
              "manslaughter", "heart attack", "overdose"],
       adjectives=["dead"], ace_subtype="Life:Die", undergoer="victim",
       subject_undergoes=["die", "perish", "drown", "succumb"], possessor_undergoes=True),
    # --- ACE movement ---------------------------------------------------------------------------------
    _t("travel", "movement", "People or goods move from one place to another.",
       verbs=["travel", "fly", "arrive", "depart", "relocate", "evacuate", "return"],
       nouns=["journey", "arrival", "departure", "evacuation"], ace_subtype="Movement:Transport"),
    _t("visit", "movement", "An official or a delegation visits a place or a host.",
       verbs=["visit", "tour"], nouns=["visit", "trip", "tour", "stopover"],
       ace_subtype="Movement:Transport", cameo_code="042", goldstein=1.9),
    # --- ACE transaction ------------------------------------------------------------------------------
    _t("acquire", "transaction", "Ownership changes hands: an acquisition, a purchase, a sale.",
       verbs=["acquire", "buy", "purchase", "sell", "take over", "snap up"],
       nouns=["acquisition", "takeover", "purchase", "sale", "buyout"],
       ace_subtype="Transaction:Transfer-Ownership", thing_undergoer=True),
    _t("pay", "transaction", "Money is paid, given, lent or invested.",
       verbs=["pay", "donate", "lend", "fund", "invest", "loan"],
       nouns=["payment", "donation", "loan", "investment", "funding", "bailout"],
       ace_subtype="Transaction:Transfer-Money"),
    # --- ACE business (and product launches) ----------------------------------------------------------
    _t("start_org", "business", "An organisation is founded.", verbs=["found", "establish", "set up"],
       nouns=["founding"], ace_subtype="Business:Start-Org", thing_undergoer=True),
    _t("merge_org", "business", "Organisations merge.", verbs=["merge"], nouns=["merger"],
       ace_subtype="Business:Merge-Org"),
    _t("bankruptcy", "business", "An organisation goes bankrupt.",
       nouns=["bankruptcy", "insolvency", "liquidation", "receivership"], adjectives=["bankrupt", "insolvent"],
       ace_subtype="Business:Declare-Bankruptcy"),
    _t("end_org", "business", "An organisation closes down.",
       verbs=["shut down", "close down", "dissolve", "wind up"], nouns=["closure", "shutdown"],
       ace_subtype="Business:End-Org", thing_undergoer=True),
    _t("launch", "business", "A product or service is launched (not in ACE: common business news).",
       verbs=["launch", "unveil", "roll out", "debut"], nouns=["launch", "unveiling", "rollout"], thing_undergoer=True),
    # --- ACE conflict / CAMEO fight and protest ------------------------------------------------------
    _t("attack", "conflict", "A violent attack: strikes, shootings, bombings, raids, fighting.",
       verbs=["attack", "bomb", "shell", "shoot", "stab", "raid", "invade", "ambush", "assault", "strike",
              "hit", "open fire", "storm", "fire"],
       nouns=["attack", "air strike", "airstrike", "strike", "bombing", "shelling", "shooting", "stabbing",
              "raid", "invasion", "ambush", "assault", "offensive", "gunfire", "massacre", "fighting",
              "clash", "arson"],
       ace_subtype="Conflict:Attack", cameo_code="190", goldstein=-10.0),
    _t("protest", "conflict", "People demonstrate, rally, riot or strike.",
       verbs=["protest", "demonstrate", "rally", "riot", "march"],
       nouns=["protest", "demonstration", "rally", "riot", "march", "sit-in", "vigil", "walkout",
              "hunger strike"],
       ace_subtype="Conflict:Demonstrate", cameo_code="141", goldstein=-6.5),
    # --- ACE contact / CAMEO consult ------------------------------------------------------------------
    _t("meet", "contact", "People meet face to face.", verbs=["meet"], nouns=["meeting", "summit"],
       ace_subtype="Contact:Meet", cameo_code="040", goldstein=1.0, needs_participant=True),
    _t("call", "contact", "People speak by telephone or video call.", verbs=["phone", "telephone", "call"],
       nouns=["call", "phone call"], ace_subtype="Contact:Phone-Write", cameo_code="041", goldstein=1.0,
       needs_participant=True),
    # --- ACE personnel --------------------------------------------------------------------------------
    _t("start_position", "personnel", "Someone takes up a post: appointed, hired, sworn in.",
       verbs=["appoint", "hire", "rehire", "name", "promote", "swear in", "install", "reappoint"],
       nouns=["appointment", "inauguration", "swearing-in"], ace_subtype="Personnel:Start-Position",
       possessor_undergoes=True),
    _t("end_position", "personnel", "Someone leaves a post: resigns, retires, is fired or ousted.",
       verbs=["resign", "quit", "retire", "fire", "sack", "dismiss", "oust", "step down", "step aside",
              "depose", "topple"],
       nouns=["resignation", "retirement", "dismissal", "ouster", "sacking"],
       ace_subtype="Personnel:End-Position"),
    _t("nominate", "personnel", "Someone is nominated for a post or an award.", verbs=["nominate"],
       nouns=["nomination", "nominee"], ace_subtype="Personnel:Nominate", possessor_undergoes=True),
    _t("elect", "personnel", "An election, or someone elected.", verbs=["elect", "re-elect", "reelect"],
       nouns=["election", "re-election", "referendum", "primary"], ace_subtype="Personnel:Elect"),
    # --- ACE justice ----------------------------------------------------------------------------------
    _t("arrest", "justice", "Someone is arrested or detained.",
       verbs=["arrest", "detain", "apprehend", "jail", "imprison", "capture", "round up", "nab"],
       nouns=["arrest", "detention", "capture"], ace_subtype="Justice:Arrest-Jail", cameo_code="173",
       goldstein=-5.0, possessor_undergoes=True),
    _t("release", "justice", "A detained person is released, freed or paroled.",
       verbs=["release", "free", "parole"], nouns=["release", "parole"], ace_subtype="Justice:Release-Parole",
       cameo_code="0841", goldstein=7.0, possessor_undergoes=True),
    _t("trial", "justice", "A trial or a court hearing.", verbs=["try"], nouns=["trial", "hearing", "retrial"],
       ace_subtype="Justice:Trial-Hearing", possessor_undergoes=True),
    _t("charge", "justice", "Someone is charged, indicted or prosecuted.",
       verbs=["charge", "indict", "prosecute"], nouns=["charge", "indictment", "prosecution"],
       ace_subtype="Justice:Charge-Indict", cameo_code="173", goldstein=-5.0, possessor_undergoes=True),
    _t("sue", "justice", "A lawsuit is brought.", verbs=["sue"], nouns=["lawsuit", "suit", "litigation"],
       ace_subtype="Justice:Sue", cameo_code="115", goldstein=-2.0),
    _t("convict", "justice", "Someone is convicted (found guilty).", verbs=["convict"],
       nouns=["conviction", "guilty verdict"], adjectives=["guilty"], ace_subtype="Justice:Convict",
       possessor_undergoes=True),
    _t("sentence", "justice", "A court sentences someone.", verbs=["sentence"], nouns=["sentence"],
       ace_subtype="Justice:Sentence", possessor_undergoes=True),
    _t("fine", "justice", "Someone is fined.", verbs=["fine"], nouns=["fine", "penalty"],
       ace_subtype="Justice:Fine"),
    _t("execute", "justice", "Someone is executed.", verbs=["execute", "hang"], nouns=["execution"],
       ace_subtype="Justice:Execute", undergoer="victim", possessor_undergoes=True),
    _t("extradite", "justice", "Someone is extradited.", verbs=["extradite"], nouns=["extradition"],
       ace_subtype="Justice:Extradite", possessor_undergoes=True),
    _t("acquit", "justice", "Someone is acquitted.", verbs=["acquit", "exonerate"], nouns=["acquittal"],
       ace_subtype="Justice:Acquit", possessor_undergoes=True),
    _t("appeal_verdict", "justice", "A court decision is appealed.", verbs=["appeal"], nouns=["appeal"],
       ace_subtype="Justice:Appeal"),
    _t("pardon", "justice", "Someone is pardoned or granted clemency.", verbs=["pardon", "commute"],
       nouns=["pardon", "clemency", "amnesty"], ace_subtype="Justice:Pardon", possessor_undergoes=True),
    # --- CAMEO verbal and material interactions ------------------------------------------------------
    _t("statement", "cameo", "A public statement or announcement (not every 'said': those are quotes).",
       verbs=["announce", "declare", "issue"],
       nouns=["statement", "announcement", "declaration", "press conference"],
       cameo_code="010", goldstein=0.0, needs_participant=True),
    _t("appeal", "cameo", "An appeal or request: urging, calling for, pleading.",
       verbs=["urge", "appeal", "plead", "implore", "call for", "call on"], nouns=["appeal", "plea"],
       cameo_code="020", goldstein=3.0, needs_participant=True),
    _t("intend", "cameo", "An expressed intent to cooperate: a pledge, a promise, an offer.",
       verbs=["pledge", "promise", "vow", "offer"], nouns=["pledge", "promise", "offer"],
       cameo_code="030", goldstein=4.0, needs_participant=True),
    _t("consult", "cameo", "Consultation or discussion between parties.", verbs=["consult", "discuss", "confer"],
       nouns=["consultation", "discussion"], cameo_code="040", goldstein=1.0, needs_participant=True),
    _t("negotiate", "cameo", "Negotiations or talks.", verbs=["negotiate"], nouns=["negotiation", "talks"],
       cameo_code="046", goldstein=7.0, needs_participant=True),
    _t("cooperate", "cameo", "Diplomatic or economic cooperation.", verbs=["cooperate", "collaborate", "partner"],
       nouns=["cooperation", "collaboration", "partnership", "alliance"], cameo_code="050", goldstein=3.5,
       needs_participant=True),
    _t("sign_agreement", "cameo", "A formal agreement, treaty or ceasefire is signed.",
       verbs=["sign", "ratify", "ink"], nouns=["agreement", "treaty", "accord", "pact", "ceasefire", "truce"],
       cameo_code="057", goldstein=8.0, thing_undergoer=True),
    _t("provide_aid", "cameo", "Aid is provided: humanitarian, economic or military.", verbs=["aid"],
       nouns=["aid", "assistance", "relief"], cameo_code="070", goldstein=7.0),
    _t("demand", "cameo", "A demand or an ultimatum.", verbs=["demand"], nouns=["demand", "ultimatum"],
       cameo_code="100", goldstein=-5.0, needs_participant=True),
    _t("disapprove", "cameo", "Criticism, condemnation or accusation.",
       verbs=["criticize", "criticise", "condemn", "denounce", "blame", "accuse", "slam", "decry", "complain",
              "lambast", "rebuke"],
       nouns=["criticism", "condemnation", "accusation", "complaint"], cameo_code="110", goldstein=-2.0,
       needs_participant=True),
    _t("reject", "cameo", "A rejection, refusal, veto or reversal (a ruling overturned, a rule revoked).",
       verbs=["reject", "refuse", "veto", "rebuff", "turn down", "overturn", "revoke", "repeal", "rescind",
              "reverse", "scrap"],
       nouns=["rejection", "refusal", "veto", "reversal", "repeal"], cameo_code="120", goldstein=-4.0,
       needs_participant=True),
    _t("threaten", "cameo", "A threat.", verbs=["threaten"], nouns=["threat"], cameo_code="130", goldstein=-6.0,
       needs_participant=True),
    _t("sanction", "cameo", "Sanctions, an embargo or a boycott are imposed.",
       verbs=["sanction", "embargo", "boycott", "blacklist"], nouns=["sanction", "embargo", "boycott"],
       cameo_code="163", goldstein=-8.0),
    _t("coerce", "cameo", "Coercion: a crackdown, expulsion, deportation, seizure.",
       verbs=["expel", "deport", "crack down", "confiscate", "seize", "repress"],
       nouns=["crackdown", "deportation", "expulsion", "seizure"], cameo_code="170", goldstein=-7.0),
    # --- Disasters and accidents ----------------------------------------------------------------------
    _t("earthquake", "disaster", "An earthquake.", nouns=["earthquake", "quake", "tremor", "aftershock"]),
    _t("fire", "disaster", "A fire or a blaze.", nouns=["fire", "blaze", "wildfire", "inferno", "bushfire"]),
    _t("flood", "disaster", "A flood or a tsunami.", verbs=["flood"], nouns=["flood", "flooding", "tsunami"]),
    _t("storm", "disaster", "A storm: hurricane, typhoon, cyclone, tornado, blizzard.",
       nouns=["storm", "hurricane", "typhoon", "cyclone", "tornado", "blizzard"]),
    _t("explosion", "disaster", "An explosion or a blast.", verbs=["explode", "detonate", "blow up"],
       nouns=["explosion", "blast", "detonation"]),
    _t("crash", "disaster", "A crash, collision, fall or other accident.",
       verbs=["crash", "collide", "derail", "capsize", "fall"],
       nouns=["crash", "collision", "derailment", "accident", "wreck", "hit"]),
    # --- Other news happenings ------------------------------------------------------------------------
    _t("contest", "news", "A sporting or other contest: a game, match or race, and who won it.",
       verbs=["win", "beat", "defeat", "clinch", "triumph", "retain", "defend", "break", "set", "stop"],
       nouns=["victory", "win", "triumph", "game", "match", "playoff", "final", "tournament", "championship",
              "bout"]),
    _t("abduct", "conflict", "Someone is kidnapped or taken hostage, or a vehicle hijacked.",
       verbs=["kidnap", "abduct", "hijack", "take hostage"], nouns=["kidnapping", "abduction", "hijacking"],
       cameo_code="181", goldstein=-9.0, undergoer="victim", possessor_undergoes=True),
    _t("damage", "conflict", "Property is destroyed or damaged.", verbs=["destroy", "damage", "vandalise",
       "vandalize", "demolish", "raze"], nouns=["destruction", "vandalism"], cameo_code="171", goldstein=-9.2, thing_undergoer=True),
    _t("theft", "news", "A theft, robbery or heist.", verbs=["steal", "rob", "loot", "burgle", "make off"],
       nouns=["theft", "robbery", "heist", "burglary", "looting"], thing_undergoer=True),
    _t("escape", "news", "Someone escapes or flees custody.", verbs=["escape", "flee", "abscond"],
       nouns=["escape", "breakout", "jailbreak"]),
    _t("treatment", "news", "Someone enters rehab or hospital.",
       verbs=["hospitalize", "hospitalise", "check into", "check in", "enter", "leave"],
       nouns=["rehab", "rehabilitation", "hospitalization", "hospitalisation"], possessor_undergoes=True),
    # --- everything else ------------------------------------------------------------------------------
    _t("occurrence", "other", "Any other happening a sentence reports with a verb (\"fell\", \"placed\", "
       "\"fixed\") or with a trigger word the parse reads in no typed sense: kept so reports of one "
       "happening can be linked, grouped by the trigger's lemma, never coded."),
)  # fmt: skip

# The catch-all type: extraction gives it to untyped predicates, and corpus merging groups its mentions by
# trigger lemma (two different verbs are two different happenings) within a story.
OCCURRENCE = "occurrence"

TYPES_BY_NAME: dict[str, EventType] = {t.name: t for t in EVENT_TYPES}


@cache
def trigger_index() -> dict[tuple[str, str], tuple[str, ...]]:
    """(part of speech, lemma) -> the types that lemma can report, "verb" / "noun" / "adj"."""
    index: dict[tuple[str, str], list[str]] = {}
    for event_type in EVENT_TYPES:
        for pos, lemmas in (
            ("verb", event_type.verbs),
            ("noun", event_type.nouns),
            ("adj", event_type.adjectives),
        ):
            for lemma in lemmas:
                index.setdefault((pos, lemma), []).append(event_type.name)
    return {key: tuple(names) for key, names in index.items()}


@dataclass(frozen=True, kw_only=True)
class EventTypeRow(Record):
    """One kind of event newsgraph codes (a row of `event_types`): the taxonomy, so SQL can decode
    `events.event_type` and filter on CAMEO codes, quad classes and Goldstein values."""

    TABLE: ClassVar[str] = "event_types"

    event_type: str
    family: str
    description: str
    ace_subtype: str | None
    cameo_code: str | None
    cameo_root: str | None
    quad_class: int | None
    goldstein: float | None
    triggers: list[str]


def event_type_rows() -> list[EventTypeRow]:
    return [
        EventTypeRow(
            event_type=t.name,
            family=t.family,
            description=t.description,
            ace_subtype=t.ace_subtype,
            cameo_code=t.cameo_code,
            cameo_root=t.cameo_root,
            quad_class=t.quad_class,
            goldstein=t.goldstein,
            triggers=sorted(t.verbs | t.nouns | t.adjectives),
        )
        for t in EVENT_TYPES
    ]


def markdown_table() -> str:
    """The taxonomy as the table `docs/events.md` shows (regenerate it with
    `python -c "from pipeline.nlp.event_types import markdown_table; print(markdown_table())"`)."""
    lines = [
        "| type | family | ACE subtype | CAMEO | quad class | Goldstein | what | triggers |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in EVENT_TYPES:
        triggers = ", ".join(sorted(t.verbs | t.nouns | t.adjectives))
        goldstein = "" if t.goldstein is None else t.goldstein
        lines.append(
            f"| `{t.name}` | {t.family} | {t.ace_subtype or ''} | {t.cameo_code or ''} | {t.quad_class or ''} "
            f"| {goldstein} | {t.description} | {triggers} |"
        )
    return "\n".join(lines) + "\n"
