"""Text analysis for the matcher: accent folding, tokenising, language guess and Snowball stemming.

Pure Python (PyStemmer when installed, the pure-Python `snowballstemmer` otherwise), no Django.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

try:  # C implementation: ~10x faster, matters for 100k-document builds.
    import Stemmer

    def _make_stemmer(lang: str):
        return Stemmer.Stemmer(lang, 20000).stemWords

except ImportError:  # pragma: no cover - exercised only where PyStemmer is missing
    import snowballstemmer as _snowball

    def _make_stemmer(lang: str):
        return _snowball.stemmer(lang).stemWords


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Short, high-frequency function words. Used both to skip tokens and to guess the language.
STOP_ES = _wordlist(
    """a al algo algun alguna algunas alguno algunos ante antes aqui asi aun cada casi como con contra cual
    cuales cuando de del desde donde dos el ella ellas ellos en entre era eran es esa esas ese eso esos esta
    estan estas este esto estos fue fueron ha han hasta hay la las le les lo los mas me mi muy nada ni no nos
    nuestra nuestro o otra otras otro otros para pero poco por porque que quien se sea ser si sin sobre solo
    son su sus tambien tan tanto te tiene tienen todo todos tras tu un una unas uno unos usted y ya yo cuanto
    sino segun durante mientras hacia les aunque cuya cuyo ademas luego entonces hace hacen puede pueden
    cada vez veces dia dias mucho muchos muchas mismo misma"""
)
STOP_EN = _wordlist(
    """a about above after again all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours per via its across within without"""
)
# Words that carry no matching signal in this domain (every challenge has a "comuna", "vecinos", …).
DOMAIN_STOP = _wordlist(
    """comuna comunas municipio municipios municipalidad municipal municipales vecino vecinos vecina vecinas
    region regiones chile chilena chileno solucion soluciones servicio servicios empresa empresas problema
    problemas sistema sistemas ofrecemos ofrece ofrecen nuestro nuestra permite permiten cada ano anos
    mes meses semana semanas hoy hora horas mayor menor parte gran grandes todas toda nuevo nueva nuevos
    nuevas bien tipo tipos forma caso casos company companies solution solutions service services system
    systems offer offers our we provide provides municipality municipalities city cities using used use
    year years new based"""
)

_STEMMERS: dict[str, object] = {}


_FAST_FOLD = str.maketrans("áéíóúàèìòùäëïöüâêîôûñç", "aeiouaeiouaeiouaeiounc")


def fold(text: str | None) -> str:
    """Lower-case and strip accents ('Ñuñoa' → 'nunoa'); fast path for the usual Spanish letters."""
    if not text:
        return ""
    text = text.lower().translate(_FAST_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_RAW_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=200_000)
def _fold_token(token: str) -> str:
    return fold(token)


def words(text: str | None) -> list[str]:
    """Folded word tokens, punctuation dropped: 'Agua Potable, rural!' → ['agua', 'potable', 'rural']."""
    if not text:
        return []
    return [t if t.isascii() else _fold_token(t) for t in _RAW_TOKEN.findall(text.lower())]


def raw_words(text: str | None) -> list[tuple[str, str]]:
    """(lower-case word as written, folded word) pairs."""
    if not text:
        return []
    return [(t, t if t.isascii() else _fold_token(t)) for t in _RAW_TOKEN.findall(text.lower())]


def guess_language(tokens: list[str]) -> str:
    """'es' or 'en' from the share of each language's stopwords (ties and empty text → Spanish)."""
    es = sum(1 for t in tokens if t in STOP_ES)
    en = sum(1 for t in tokens if t in STOP_EN)
    return "en" if en > es else "es"


def stemmer(lang: str):
    """Cached `stemWords` callable for 'es' or 'en'."""
    fn = _STEMMERS.get(lang)
    if fn is None:
        fn = _make_stemmer("spanish" if lang == "es" else "english")
        _STEMMERS[lang] = fn
    return fn


def stems(tokens: list[str], lang: str) -> list[str]:
    """Stem each token with the language's Snowball stemmer (keeps positions: no tokens dropped)."""
    return stemmer(lang)(tokens)
