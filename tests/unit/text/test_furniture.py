"""Page furniture, rule by rule: the lines `find_furniture` removes with their reasons, the blocks whose
lines depend on their neighbours (appeals, embeds, a caption above its credit), and article text that
looks a little like furniture but stays."""

import pytest

from pipeline.text.furniture import LineFeatures, find_furniture
from pipeline.text.normalise import split_lines

ARTICLE = "The talks in Marsk ended on Tuesday with a joint statement on the border crossing and trade."
RUSSIAN_ARTICLE = "Переговоры в Марске завершились во вторник совместным заявлением о границе и торговле."


def furniture(text: str) -> list[tuple[str, str]]:
    """(normalised line, reason) for every line found to be furniture, in page order."""
    lines = split_lines(text)
    return [(lines[i].text, reason) for i, reason in sorted(find_furniture(lines).items())]


def between_paragraphs(line: str, article: str = ARTICLE) -> str:
    return f"{article}\n\n{line}\n\n{article}"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # Appeals outside a signed block: short, addressed to the reader, naming two kinds of support.
        pytest.param(
            "If you can, please support us monthly: every contribution keeps our newsroom going.",
            "donation appeal",
            id="appeal-support-us-monthly",
        ),
        pytest.param(
            "Support us: become a member today and your donation will fund independent reporting.",
            "donation appeal",
            id="appeal-become-a-member",
        ),
        pytest.param(
            "Dear reader, your donation keeps this site free. Please subscribe or contribute today.",
            "donation appeal",
            id="appeal-dear-reader",
        ),
        pytest.param(
            "Donate now: your contribution keeps us independent.", "donation appeal", id="appeal-donate-now"
        ),
        # Social embeds: links to posts, and the attribution line closing an embedded post.
        pytest.param(
            "Watch: https://twitter.com/annareyne/status/1767234567890123456",
            "social media embed",
            id="embed-tweet-status-link",
        ),
        pytest.param("https://t.me/channel/123", "social media embed", id="embed-telegram-post"),
        pytest.param("pic.twitter.com/abc123", "social media embed", id="embed-twitter-picture"),
        pytest.param("https://instagram.com/p/Cx12ab/", "social media embed", id="embed-instagram-post"),
        pytest.param(
            "facebook.com/veldoriatoday/posts/12345", "social media embed", id="embed-facebook-post"
        ),
        pytest.param(
            "— Anna Reyne (@annareyne) March 12, 2024", "social media embed", id="embed-attribution-line"
        ),
        # Captions: a sentence closed by its credit.
        pytest.param(
            "Leader A met leader B. **Jane Doe / POOL / AGENCY**",
            "photo caption",
            id="caption-bold-pool-credit",
        ),
        pytest.param(
            "President Anna Reyne arrives at the summit in Marsk on Tuesday. Petra Lind / VPA",
            "photo caption",
            id="caption-trailing-slash-credit",
        ),
        # Credits on a line of their own.
        pytest.param("Photo: VPA", "photo credit", id="credit-photo-label"),
        pytest.param("Фото: ТАСС", "photo credit", id="credit-russian-photo-label"),
        pytest.param("Image: Getty Images", "photo credit", id="credit-image-label"),
        pytest.param("Picture: Reuters", "photo credit", id="credit-picture-label"),
        pytest.param("Illustration: Petra Lind", "photo credit", id="credit-illustration-label"),
        pytest.param("Credit: Reuters/Anna Lind", "photo credit", id="credit-label-with-slash"),
        pytest.param("Source of photo: kremlin.ru", "photo credit", id="credit-source-of-photo"),
        pytest.param("kremlin.ru", "photo credit", id="credit-bare-domain"),
        pytest.param("www.veldoria-today.com", "photo credit", id="credit-bare-www-domain"),
        pytest.param("Jane Doe / Reuters", "photo credit", id="credit-name-slash-agency"),
        pytest.param("Petra Lind / VPA / POOL", "photo credit", id="credit-name-agency-pool"),
        pytest.param("Фото / ТАСС", "photo credit", id="credit-russian-slash"),
        # Links alone on a line.
        pytest.param(
            "https://www.veldoria-today.com/business/2024/03/20/national-bank-holds-rate",
            "bare link",
            id="bare-link",
        ),
        pytest.param("<https://example.com/a>", "bare link", id="bare-link-in-angle-brackets"),
        # Navigation by name.
        pytest.param("Read more", "navigation", id="navigation-read-more"),
        pytest.param("Read more:", "navigation", id="navigation-read-more-colon"),
        pytest.param("READ THE REST HERE", "navigation", id="navigation-read-the-rest-in-capitals"),
        pytest.param(
            "Related article: Another Story Entirely", "navigation", id="navigation-related-article"
        ),
        pytest.param("Related news: Bank holds rate", "navigation", id="navigation-related-news"),
        pytest.param("Related stories", "navigation", id="navigation-related-stories"),
        pytest.param("See also: Kresnik meets Reyne", "navigation", id="navigation-see-also"),
        pytest.param("Read also: The bank holds its rate", "navigation", id="navigation-read-also"),
        pytest.param("Back to main page", "navigation", id="navigation-back-to-main-page"),
        pytest.param("Back to home page", "navigation", id="navigation-back-to-home-page"),
        pytest.param("Share", "navigation", id="navigation-share"),
        pytest.param("Share this article", "navigation", id="navigation-share-this-article"),
        pytest.param("Follow us", "navigation", id="navigation-follow-us"),
        pytest.param("Follow us on Telegram", "navigation", id="navigation-follow-us-on"),
        pytest.param("Subscribe", "navigation", id="navigation-subscribe"),
        pytest.param("Subscribe to our newsletter", "navigation", id="navigation-subscribe-to"),
        pytest.param("Advertisement", "navigation", id="navigation-advertisement"),
        pytest.param("Print", "navigation", id="navigation-print"),
        pytest.param("Comments", "navigation", id="navigation-comments"),
        pytest.param("Comment:", "navigation", id="navigation-comment-colon"),
        # Furniture no pattern names, told by its features.
        pytest.param(
            "More: https://a.example/one https://a.example/two", "link list", id="link-list-of-urls"
        ),
        pytest.param(
            "[One](https://a.example/1) https://a.example/2 https://a.example/3",
            "link list",
            id="link-list-markdown-and-urls",
        ),
        pytest.param(
            "See https://gov.example/statement-on-the-border-crossing-and-trade",
            "link list",
            id="link-list-one-long-url-with-a-word",
        ),
        pytest.param("Share: Facebook | Twitter | VK | Email", "navigation menu", id="menu-share-pipes"),
        pytest.param("Facebook · X · Email · Copy link", "navigation menu", id="menu-middle-dots"),
        pytest.param("Home › World › Europe › Veldoria", "navigation menu", id="menu-breadcrumb-chevrons"),
        pytest.param("Home | World | Business | Politics | Sport", "navigation menu", id="menu-sections"),
        pytest.param(
            "Источник: РГ", "label in another script (cyrillic)", id="foreign-label-cyrillic-source"
        ),
        pytest.param(
            "Читайте также: Переговоры", "label in another script (cyrillic)", id="foreign-label-read-also"
        ),
        pytest.param(
            "РИА Новости | 12 марта", "label in another script (cyrillic)", id="foreign-label-agency-and-date"
        ),
        pytest.param("© 新华社", "label in another script (other)", id="foreign-label-chinese-copyright"),
        pytest.param("Tags: Russia, China, Xi Jinping", "label line", id="label-tags"),
        pytest.param("Topics: Economy, Banking, Veldoria", "label line", id="label-topics"),
        pytest.param("Share: Facebook | X | WhatsApp", "label line", id="label-share-too-few-for-a-menu"),
        pytest.param(
            "Источник: РИА Новости, ТАСС, Интерфакс, Коммерсант, Ведомости",
            "label line",
            id="label-sources-too-long-for-a-foreign-label",
        ),
    ],
)
def test_a_furniture_line_between_paragraphs_is_removed_with_its_reason(line, reason):
    assert furniture(between_paragraphs(line)) == [(split_lines(line)[0].text, reason)]


@pytest.mark.parametrize(
    "line",
    [
        # Reporting about donations, and quoted speech addressed to "us", are article text.
        pytest.param(
            "There were almost 68m in reported donations to political parties, and contributions from "
            "members rose.",
            id="reporting-about-donations",
        ),
        pytest.param(
            '"Your contribution will help us," the charity\'s director told subscribers at the launch.',
            id="quoted-appeal-in-double-quotes",
        ),
        pytest.param(
            "'If you want to donate, your contribution matters,' he told supporters.",
            id="quoted-appeal-in-british-single-quotes",
        ),
        pytest.param(
            "US subscribers to the service fell while contributions to pension schemes rose.",
            id="us-is-the-country-not-the-reader",
        ),
        pytest.param(
            "Donors to Our Future, a group formed in January, made contributions of more than 1m since.",
            id="our-names-a-group",
        ),
        pytest.param(
            "Please donate to the flood fund, the mayor urged residents on Monday.",
            id="appeal-reported-in-the-third-person",
        ),
        pytest.param(
            "You can donate to the appeal at any post office, the Red Cross said.",
            id="one-appeal-word-is-not-an-appeal",
        ),
        pytest.param(
            "If you gave to a political party last year, your donation was probably small: the electoral "
            "commission said on Tuesday that most of the 68m in contributions came from fewer than two "
            "hundred donors, that membership fees had fallen for a third year running, and that the rules "
            "on reporting gifts above 500 would be tightened before the next election, after a review "
            "found that several parties had filed their accounts late or had left out loans from their "
            "own members and from companies.",
            id="second-person-reporting-longer-than-a-plea",
        ),
        # A word and a colon is not a label when what follows is a sentence, a number or lower case.
        pytest.param("Update: the minister said the talks would resume next week.", id="update-sentence"),
        pytest.param("Update: Police confirm two dead", id="update-headline-without-full-stop"),
        pytest.param("Casualties: 12 killed, 40 wounded", id="figures-after-a-colon"),
        pytest.param("SMITH: No comment", id="transcript-speaker"),
        pytest.param('Reyne: "We are ready."', id="speaker-and-quotation"),
        pytest.param(
            "Editor's note: This story has been updated with the minister's reply.", id="editors-note"
        ),
        pytest.param("Q&A: What the deal means for Veldoria", id="q-and-a-headline"),
        pytest.param("Tags: russia, China", id="label-with-a-lower-case-item"),
        pytest.param("Tags: Russia and China, Xi Jinping", id="label-with-a-stop-word"),
        pytest.param("Tags: Russia", id="label-with-one-item"),
        pytest.param("Tags: Russia, China, Xi Jinping, Vladimir Putin, Dmitry Medvedev", id="label-too-long"),
        # Tables are not menus, and a menu longer than a menu is something else.
        pytest.param("| Smith | 1,204 | 52% |", id="table-row"),
        pytest.param("| Party | Seats | Share |", id="table-header-row"),
        pytest.param("| --- | --- | --- |", id="table-rule"),
        pytest.param(
            "Home | World | Business | Politics | Sport | Science | Health | Travel | Culture | "
            "Opinion | Video | Audio | Weather | Local | Money | Tech | Style | Food | Books | "
            "Film | Music | Art | TV | Radio | Games | Puzzles",
            id="separated-words-beyond-menu-length",
        ),
        # Sentences that open with a navigation or credit word.
        pytest.param(
            "Read more about the deal in the report the ministry published on Monday.",
            id="read-more-sentence",
        ),
        pytest.param("Subscribers to the paper fell by a third last year.", id="subscribers-sentence"),
        pytest.param("Photo opportunities were limited, officials said.", id="photo-sentence"),
        pytest.param("Printed copies sold out by noon.", id="printed-sentence"),
        pytest.param("Comments from the ministry were not available.", id="comments-sentence"),
        pytest.param("Follow-up talks are planned for May.", id="follow-up-sentence"),
        pytest.param("Share prices rose 3% in Marsk on Tuesday.", id="share-prices-sentence"),
        pytest.param("Advertisement revenue fell by a fifth, the company said.", id="advertisement-sentence"),
        pytest.param("Home Secretary Anna Lind resigned on Friday.", id="home-secretary-sentence"),
        pytest.param("The 2024/25 budget passed by 52 votes to 40.", id="slash-in-a-year-range"),
        pytest.param(
            "The ministry's statement is at https://gov.example/s and the full text runs to twelve pages of "
            "detail.",
            id="sentence-with-a-short-link",
        ),
        # Another script in a sentence, or a sentence in another script, is text.
        pytest.param('Он сказал: "Мы готовы".', id="quoted-sentence-in-another-script"),
        pytest.param("Источник сообщил об этом агентству.", id="sentence-in-another-script"),
        pytest.param("Photo: ", id="credit-label-with-nothing-after-it"),
    ],
)
def test_article_text_that_looks_a_little_like_furniture_stays(line):
    assert furniture(between_paragraphs(line)) == []


APPEAL = (
    "The minister said the talks were useful.\n"
    "A Message from The Daily Planet:\n"
    "Dear readers,\n"
    'We have been labelled "undesirable". Please support us monthly.\n'
    "Remind me later.\n"
)
EMBED = (
    "Leader A met leader B. **Jane Doe / POOL / AGENCY**\n\n"
    "Leader A met leader B in the capital on Monday, officials said.\n\n"
    "## Embed:\n\n"
    "Some tweet text about the meeting. [pic.twitter.com/abc](https://pic.twitter.com/abc)\n\n"
    "— Some Person (@someone) [May 1, 2024](#)\n\n"
    "Related article: Another Story Entirely\n\n"
    "https://t.me/channel/123\n\n"
    "The talks lasted two hours."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            APPEAL,
            [
                ("A Message from The Daily Planet:", "donation appeal"),
                ("Dear readers,", "donation appeal"),
                ('We have been labelled "undesirable". Please support us monthly.', "donation appeal"),
                ("Remind me later.", "donation appeal"),
            ],
            id="signed-appeal-up-to-its-dismiss-button",
        ),
        pytest.param(
            f"{ARTICLE}\n\nA Note from Marsk Herald\n\nWe rely on readers like you.\n\nNo thanks\n\n{ARTICLE}",
            [
                ("A Note from Marsk Herald", "donation appeal"),
                ("We rely on readers like you.", "donation appeal"),
                ("No thanks", "donation appeal"),
            ],
            id="signed-appeal-then-the-article-again",
        ),
        pytest.param(
            f"{ARTICLE}\n\nA Letter from The Editors:\n\nWe rely on readers like you.\n\n{ARTICLE}",
            [
                ("A Letter from The Editors:", "donation appeal"),
                ("We rely on readers like you.", "donation appeal"),
                (ARTICLE, "donation appeal"),
            ],
            id="signed-appeal-never-dismissed-runs-to-the-end-of-the-page",
        ),
        pytest.param(
            EMBED,
            [
                ("Leader A met leader B. Jane Doe / POOL / AGENCY", "photo caption"),
                ("Embed:", "social media embed"),
                ("Some tweet text about the meeting. pic.twitter.com/abc", "social media embed"),
                ("— Some Person (@someone) May 1, 2024", "social media embed"),
                ("Related article: Another Story Entirely", "navigation"),
                ("https://t.me/channel/123", "social media embed"),
            ],
            id="embed-block-up-to-its-attribution-among-caption-and-links",
        ),
        pytest.param(
            f"{ARTICLE}\n\nEmbedded post\n\nWe are ready for the talks, the minister wrote.\n\n"
            f"A second line of the post.\n\n— Lena Ostrova (@ostrova) March 12, 2024\n\n{ARTICLE}",
            [
                ("Embedded post", "social media embed"),
                ("We are ready for the talks, the minister wrote.", "social media embed"),
                ("A second line of the post.", "social media embed"),
                ("— Lena Ostrova (@ostrova) March 12, 2024", "social media embed"),
            ],
            id="embedded-post-of-several-lines",
        ),
        pytest.param(
            "Two leaders shake hands at the summit.\nkremlin.ru\n\nThe summit opened on Friday with a long speech.",
            [("Two leaders shake hands at the summit.", "photo caption"), ("kremlin.ru", "photo credit")],
            id="caption-above-a-bare-domain-credit-at-the-top",
        ),
        pytest.param(
            f"Anna Reyne and Tomas Kresnik in Marsk on Tuesday.\nPhoto: VPA\n\n{ARTICLE}",
            [
                ("Anna Reyne and Tomas Kresnik in Marsk on Tuesday.", "photo caption"),
                ("Photo: VPA", "photo credit"),
            ],
            id="caption-above-a-photo-label-at-the-top",
        ),
        pytest.param(
            f"{ARTICLE}\nTwo leaders shake hands at the summit.\nkremlin.ru\n\n{ARTICLE}",
            [("Two leaders shake hands at the summit.", "photo caption"), ("kremlin.ru", "photo credit")],
            id="caption-above-its-credit-as-the-second-line",
        ),
        pytest.param(
            "Two leaders shake hands at the summit.\n\nkremlin.ru\n\nThe summit opened on Friday with a long speech.",
            [("kremlin.ru", "photo credit")],
            id="a-blank-line-parts-the-credit-from-the-line-above",
        ),
        pytest.param(
            f"{ARTICLE}\n{ARTICLE}\n{ARTICLE}\nTwo leaders shake hands at the summit.\nkremlin.ru\n\n{ARTICLE}",
            [("kremlin.ru", "photo credit")],
            id="a-credit-deep-in-the-article-takes-no-caption",
        ),
        pytest.param(
            between_paragraphs("COVID-19 vaccine rollout", RUSSIAN_ARTICLE),
            [],
            id="english-heading-in-a-russian-article-is-no-label",
        ),
        pytest.param(
            between_paragraphs("Source: Reuters | AP", RUSSIAN_ARTICLE),
            [("Source: Reuters | AP", "label in another script (latin)")],
            id="english-label-in-a-russian-article",
        ),
        pytest.param(
            between_paragraphs("Фото: ТАСС", RUSSIAN_ARTICLE),
            [("Фото: ТАСС", "photo credit")],
            id="russian-photo-credit-in-a-russian-article",
        ),
    ],
)
def test_blocks_of_furniture_are_removed_line_by_line_with_their_reasons(text, expected):
    assert furniture(text) == expected


@pytest.mark.parametrize(
    ("text", "script"),
    [
        pytest.param("Источник: РГ", "cyrillic", id="cyrillic"),
        pytest.param("COVID-19 vaccine rollout", "latin", id="latin"),
        pytest.param("Zürich, Kraków and Besançon", "latin", id="latin-with-diacritics"),
        pytest.param("Путин met Xi in Moscow", "latin", id="mostly-latin"),
        pytest.param("© 新华社", "other", id="chinese"),
        pytest.param("12 / 40 - 2024", None, id="no-letters"),
    ],
)
def test_a_line_is_in_the_script_most_of_its_letters_are_in(text, script):
    assert LineFeatures.of(text).script == script
