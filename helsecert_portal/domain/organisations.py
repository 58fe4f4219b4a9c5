"""Organisation rules: MOD11 organisation numbers, display names and a diacritics-free search key."""

from __future__ import annotations

import unicodedata

from ..core.errors import error

OrgNumberInvalid = error("OrgNumberInvalid")
_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_KEEP_UPPER = {"HF", "RHF", "SF", "IKT", "IKS", "KF"}
_KEEP_LOWER = {"kommune", "fylkeskommune", "herad", "og", "i", "på", "gielda", "suohkan", "kommuna", "tjïelte", "sykehus", "universitetssykehus"}
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ö": "o", "ä": "a", "ü": "u", "á": "a", "č": "c", "š": "s", "ŋ": "n", "đ": "d", "ŧ": "t", "ž": "z", "ï": "i"})


def valid_org_number(value: str) -> bool:
    if len(value) != 9 or not value.isdigit() or not value.isascii():
        return False
    rest = 11 - sum(int(d) * w for d, w in zip(value, _WEIGHTS)) % 11
    check = 0 if rest == 11 else rest
    return check != 10 and check == int(value[8])


def require_org_number(value: str) -> str:
    cleaned = "".join(value.split())
    if not valid_org_number(cleaned):
        raise OrgNumberInvalid()
    return cleaned


def display_name(registered: str) -> str:
    """«TROMSØ KOMMUNE» → «Tromsø kommune»; HF/RHF stay upper case."""
    words = []
    for i, word in enumerate(registered.split()):
        if word in _KEEP_UPPER:
            words.append(word)
        elif i > 0 and word.lower() in _KEEP_LOWER:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def search_key(text: str) -> str:
    """Case- and diacritics-insensitive: «Tromsø» and «tromso» give the same key."""
    folded = text.casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", folded)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())
