"""A small registry of news publishers by web domain, as news crawlers keep (news-please, GDELT source lists).

Extend it freely: a domain missing here only means the publisher comes from signatures or wire tags.
"""

PUBLISHERS_BY_DOMAIN: dict[str, str] = {
    "themoscowtimes.com": "The Moscow Times",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "kommersant.ru": "Kommersant",
    "rg.ru": "Rossiyskaya Gazeta",
    "ria.ru": "RIA Novosti",
    "interfax.com": "Interfax",
    "meduza.io": "Meduza",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "afp.com": "AFP",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "theguardian.com": "The Guardian",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "bloomberg.com": "Bloomberg",
    "cnn.com": "CNN",
    "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "npr.org": "NPR",
    "politico.com": "Politico",
    "thehill.com": "The Hill",
    "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times",
    "huffpost.com": "HuffPost",
    "aljazeera.com": "Al Jazeera",
    "dw.com": "Deutsche Welle",
    "france24.com": "France 24",
    "lemonde.fr": "Le Monde",
    "spiegel.de": "Der Spiegel",
    "xinhuanet.com": "Xinhua",
    "news.cn": "Xinhua",
    "globaltimes.cn": "Global Times",
    "scmp.com": "South China Morning Post",
    "chinadaily.com.cn": "China Daily",
    "kyivindependent.com": "The Kyiv Independent",
    "pravda.com.ua": "Ukrainska Pravda",
    "marskherald.example": "The Marsk Herald",
    "vpa.example": "Vela Press Agency",
}

# Wire services sign stories with their tag ("/TASS/", "(Reuters)"); map tags to publisher names.
WIRE_TAGS: dict[str, str] = {
    "TASS": "TASS",
    "REUTERS": "Reuters",
    "AP": "Associated Press",
    "AFP": "AFP",
    "XINHUA": "Xinhua",
    "INTERFAX": "Interfax",
    "RIA": "RIA Novosti",
    "VPA": "Vela Press Agency",
}


def publisher_for_domain(domain: str) -> str | None:
    """Look a host up by itself and by each parent domain ("www.bbc.co.uk" -> "bbc.co.uk")."""
    labels = domain.lower().removeprefix("www.").split(".")
    for i in range(len(labels) - 1):
        name = PUBLISHERS_BY_DOMAIN.get(".".join(labels[i:]))
        if name:
            return name
    return None


def known_publisher_names() -> frozenset[str]:
    """Every publisher name the registry knows, used to type them as organisations."""
    return frozenset(PUBLISHERS_BY_DOMAIN.values()) | frozenset(WIRE_TAGS.values())
