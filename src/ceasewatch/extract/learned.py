"""What was learned from annotated text: the part of extraction that rules decide badly.

The rules find candidates and explain them (a trigger, a hedge, a date, a place). A small
linear model, trained from the annotations by ``tools/train_extractor.py`` (``make train``)
and shipped as ``data/model.json``, then decides three things the rules get wrong on real
pages:

- ``family``: for each of the 16 families, whether the sentence tells a new event of it,
  or is background, page furniture (titles, bylines, captions, lists of headlines) or a
  restatement — one logistic model per family;
- ``status``: asserted, reported, alleged, denied or speculative;
- ``role``: for each party a sentence names, whether it did it, suffered it, or neither.

The features are the sentence's words (short stems in an inflected language), the rules'
own findings (which triggers fired, which cues of how firmly it speaks), and the shape of
the sentence on its page. Inference is a sum of weights per feature (NumPy, no learning
library at run time). The file records the SHA-256 of every annotation file it was
trained on, so a test can tell that the shipped model is the one the committed
annotations give.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from ceasewatch.errors import SchemaError

STATUSES = ("asserted", "reported", "alleged", "denied", "speculative")
ROLES = ("perpetrator", "target", "other")


@dataclass(frozen=True, slots=True)
class SentenceView:
    """What the features of a sentence are made of (everything already computed)."""

    low: str
    words: Sequence[str]
    language: str
    index: int  # the sentence's place in its document
    repeated: bool  # the same words stood earlier in the document (a title repeated)
    ends_like_prose: bool  # ends with . ! ? or a closing quote
    capitalised: float  # share of words that start with a capital letter
    rule_codes: Sequence[str]
    rule_families: Sequence[str]
    cues: Sequence[str]  # alleged, attributed, denial, speculative, negation, question, …
    date_age: int | None  # days from the event's end to publication; None when undated
    dated_here: bool
    places: int
    parties: int
    mission: bool
    source_kind: str  # party, mission or other
    told_before: int = 0  # sentences before it in which a trigger fired
    previous: Sequence[str] = ()  # the families the triggers of the sentence before signal


def _bucket(n: float, edges: Sequence[float]) -> int:
    for i, edge in enumerate(edges):
        if n <= edge:
            return i
    return len(edges)


# the languages whose words the model keys on by a short stem (inflected ones), and its length
STEMMED = {"ru": 6}


def stem(word: str, language: str) -> str:
    """The part of a word the model keys on: whole in English, a short stem in Russian."""
    n = STEMMED.get(language)
    return word[:n] if n else word


def sentence_features(v: SentenceView) -> list[str]:
    return [*word_features(v.words, v.language), *shape_features(v)]


def word_features(words: Sequence[str], language: str) -> list[str]:
    """A sentence's words, the pairs of them in a row and (in English) their first five
    letters: "attacked" and "attacking" share what either teaches. ``Joint.summed_view``
    gives the rows of the same features without making their names."""
    stems = [stem(w, language) for w in words]
    out = [f"w:{s}" for s in stems]
    out.extend(f"b:{a}_{b}" for a, b in itertools.pairwise(stems))
    if language not in STEMMED:
        out.extend({f"p:{s[:5]}" for s in stems if len(s) > 5})
    return out


def shape_features(v: SentenceView) -> list[str]:
    """The rest of a sentence's features: the rules' findings and its shape on the page."""
    out = [f"lang:{v.language}", "bias"]
    out.extend(f"r:{c}" for c in v.rule_codes)
    out.extend(f"rf:{f}" for f in v.rule_families)
    # and again with the language: what a trigger of one pack tells apart from the other's
    out.extend(f"r:{v.language}:{c}" for c in v.rule_codes)
    if not v.rule_codes:
        out.append("r:none")
    out.extend(f"cue:{c}" for c in v.cues)
    out.append(f"len:{_bucket(len(v.words), (4, 9, 18, 35))}")
    out.append(f"pos:{_bucket(v.index, (0, 1, 3, 8))}")
    if v.repeated:
        out.append("repeated")
    if not v.ends_like_prose:
        out.append("noend")
    out.append(f"caps:{_bucket(v.capitalised, (0.15, 0.35, 0.6))}")
    if v.date_age is None:
        out.append("date:none")
    else:
        out.append(f"date:{_bucket(v.date_age, (-1, 0, 1, 7, 31, 365))}")
    if v.dated_here:
        out.append("dated_here")
    out.append(f"places:{min(v.places, 2)}")
    out.append(f"parties:{min(v.parties, 3)}")
    if v.mission:
        out.append("mission")
    out.append(f"src:{v.source_kind}")
    out.append(f"told:{min(v.told_before, 2)}")
    out.extend(f"prev:{f}" for f in v.previous)
    out.extend(f"again:{f}" for f in v.previous if f in v.rule_families)
    return out


def status_features(base: Sequence[str], rule_status: str, family: str, claimant: str) -> list[str]:
    return [*base, f"rs:{rule_status}", f"fam:{family}", f"claimant:{claimant}"]


def role_features(
    before: Sequence[str],
    after: Sequence[str],
    language: str,
    first: bool,
    before_trigger: bool,
    rule_role: str,
    family: str,
    mission: bool,
) -> list[str]:
    """The features of one party named in a sentence: the words on each side of it.

    Each feature is prefixed with the language, so that the one role model is in effect
    one model per language: what is learned from one language's annotations (or changed
    in its pack) does not move the other's roles."""
    x = language + "|"
    out = [x + "bias", f"{x}rr:{rule_role}", f"{x}fam:{family}"]
    for i, w in enumerate(reversed(before[-3:]), start=1):
        out.append(f"{x}b{i}:{stem(w, language)}")
    for i, w in enumerate(after[:4], start=1):
        out.append(f"{x}a{i}:{stem(w, language)}")
    out.extend(f"{x}bw:{stem(w, language)}" for w in before[-8:])
    out.extend(f"{x}aw:{stem(w, language)}" for w in after[:8])
    out.append(x + ("first" if first else "later"))
    out.append(x + ("before_trigger" if before_trigger else "after_trigger"))
    if mission:
        out.append(x + "mission")
    return out


_WORDS_KEPT = 200_000  # words (and pairs) whose rows a model keeps; then it starts again


def _rows(index: Mapping[str, int], features: Iterable[str]) -> list[int]:
    """The rows of *features* in a matrix numbered by *index* (the last row, of zeros, for
    the features it does not know)."""
    return list(map(index.get, features, itertools.repeat(len(index))))


class Joint:
    """Models numbering their features alike, summed together: one gather of rows gives
    the sums of all (a sentence's two family models and its status model)."""

    def __init__(self, models: Mapping[str, Linear]) -> None:
        self.index = next(iter(models.values())).index
        self._matrix = np.hstack([m.matrix for m in models.values()])
        # a language's words -> (stem, row of the word, row of its first letters or None),
        # and pairs of stems -> their row: kept as met, up to _WORDS_KEPT each
        self._words: dict[str, dict[str, tuple[str, int, int | None]]] = {}
        self._pairs: dict[str, dict[tuple[str, str], int]] = {}
        edges = np.cumsum([0, *(len(m.classes) for m in models.values())]).tolist()
        self._parts = {
            key: slice(a, b) for key, a, b in zip(models, edges[:-1], edges[1:], strict=True)
        }
        # each model keeps its own matrix: a column slice of this one is not contiguous, and
        # numpy's take of rows from such a view costs ~140 us where it costs ~1 us on a
        # contiguous array (the copy is a few MB)

    def summed(self, features: Iterable[str]) -> dict[str, Any]:
        """Each model's sum of the rows of *features* (to ``Linear.scores(summed=...)``)."""
        return self._summed(_rows(self.index, features))

    def summed_view(self, v: SentenceView) -> dict[str, Any]:
        """``summed(sentence_features(v))``, without making the names of the word features:
        each word's rows are looked up once and kept (most of a sentence's features, and
        most of the time the model took)."""
        rows = _rows(self.index, shape_features(v))
        words = self._words.get(v.language)
        if words is None or len(words) > _WORDS_KEPT:
            words = self._words[v.language] = {}
        pairs = self._pairs.get(v.language)
        if pairs is None or len(pairs) > _WORDS_KEPT:
            pairs = self._pairs[v.language] = {}
        unknown = len(self.index)
        stems: list[str] = []
        prefixes: set[int] = set()
        for w in v.words:
            known = words.get(w)
            if known is None:
                s = stem(w, v.language)
                prefix = f"p:{s[:5]}" if v.language not in STEMMED and len(s) > 5 else None
                known = words[w] = (
                    s,
                    self.index.get(f"w:{s}", unknown),
                    self.index.get(prefix, unknown) if prefix else None,
                )
            stems.append(known[0])
            rows.append(known[1])
            if known[2] is not None:
                prefixes.add(known[2])
        rows.extend(prefixes)  # a prefix counts once a sentence (a feature present or not)
        for pair in itertools.pairwise(stems):
            row = pairs.get(pair)
            if row is None:
                row = pairs[pair] = self.index.get(f"b:{pair[0]}_{pair[1]}", unknown)
            rows.append(row)
        return self._summed(rows)

    def _summed(self, rows: list[int]) -> dict[str, Any]:
        total = np.add.reduce(self._matrix.take(rows, axis=0), axis=0)
        return {key: total[part] for key, part in self._parts.items()}


class Linear:
    """A linear model over string features: one score per class, softmax or sigmoid.

    The weights are one matrix (a row per feature); a score is the intercept plus the sum
    of the rows of the features present."""

    def __init__(
        self,
        classes: Sequence[str],
        intercept: Sequence[float],
        weights: Mapping[str, Sequence[float]],
        kind: str,
        index: dict[str, int] | None = None,
    ) -> None:
        """*index*, when given, numbers the features of several models at once (each row
        of this model's matrix is the feature of that number; absent ones weigh 0)."""
        self.classes = tuple(classes)
        self.kind = kind  # "softmax" (one of the classes) or "sigmoid" (each class apart)
        self._intercept = np.asarray(intercept, dtype=np.float64)
        self.index = index if index is not None else {n: i for i, n in enumerate(weights)}
        # one row per feature and a last row of zeros, the row of every unknown feature
        self.matrix = np.zeros((len(self.index) + 1, len(self.classes)))
        for name, w in weights.items():
            self.matrix[self.index[name]] = w

    def scores(self, features: Iterable[str] = (), start: Any = None, summed: Any = None) -> Any:
        """The scores of the classes; *start*: scores already summed for other features;
        *summed*: the sum of this model's rows of the features, made already (``Joint``)."""
        if summed is None:
            summed = np.add.reduce(self.matrix.take(_rows(self.index, features), axis=0), axis=0)
        return (self._intercept if start is None else start) + summed

    def may_reach(self, p: float, summed: Any) -> bool:
        """Whether some class of a sigmoid model may have probability *p* or more, given
        the sum of its rows of the features (``Joint``): its score reaches the logit of *p*
        (less a margin for rounding). A sentence no family can reach is done without the
        probabilities; a softmax model always may."""
        if self.kind != "sigmoid":
            return True
        scores = self.scores(summed=summed)
        return bool(scores.max() >= math.log(p / (1.0 - p)) - 1e-6) if p < 1.0 else False

    def probabilities(
        self, features: Iterable[str] = (), start: Any = None, summed: Any = None
    ) -> dict[str, float]:
        s = self.scores(features, start, summed)
        if self.kind == "sigmoid":
            p = 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(s, -30.0), 30.0)))
        else:
            e = np.exp(s - s.max())
            p = e / e.sum()
        return dict(zip(self.classes, p.tolist(), strict=True))


@dataclass(frozen=True, slots=True)
class Model:
    """The shipped model: its three parts, thresholds, defaults and provenance."""

    name: str
    family: Linear  # sentences in which a trigger fired
    family_bare: Linear  # sentences with no trigger
    status: Linear
    role: Linear
    joint: Joint  # family, family_bare and status, summed with one gather
    thresholds: Mapping[str, float]
    default_codes: Mapping[str, str]  # family -> the taxonomy code it is given by default
    trained_on: Mapping[str, str]  # annotation file -> its SHA-256
    agreements: tuple[str, ...] = ()  # the agreements whose news it was trained on

    def threshold(self, key: str, default: str | None = None) -> float:
        """The threshold named *key*; where the model has none, that of *default*, else 0.5."""
        if key not in self.thresholds and default is not None:
            key = default
        return float(self.thresholds.get(key, 0.5))


def parse_model(data: Mapping[str, Any], file: str = "model.json") -> Model:
    try:
        # the sentence's models share one numbering of features: looked up once a sentence
        shared: dict[str, int] = {}
        for key in ("family", "family_bare", "status"):
            for name in data[key]["weights"]:
                shared.setdefault(name, len(shared))
        parts = {
            key: Linear(
                data[key]["classes"],
                data[key]["intercept"],
                data[key]["weights"],
                data[key]["kind"],
                shared if key != "role" else None,
            )
            for key in ("family", "family_bare", "status", "role")
        }
        return Model(
            name=str(data["name"]),
            family=parts["family"],
            family_bare=parts["family_bare"],
            status=parts["status"],
            role=parts["role"],
            joint=Joint({key: parts[key] for key in ("family", "family_bare", "status")}),
            thresholds=dict(data.get("thresholds") or {}),
            default_codes=dict(data["default_codes"]),
            trained_on=dict(data["trained_on"]),
            agreements=tuple(str(a) for a in data.get("agreements") or ()),
        )
    except (KeyError, TypeError) as exc:
        raise SchemaError(f"{file}: not a ceasewatch extraction model ({exc})") from None


@cache
def shipped_model() -> Model | None:
    """The model inside the package, or None when none was trained into it."""
    path = resources.files("ceasewatch.extract").joinpath("data/model.json")
    if not path.is_file():
        return None
    return parse_model(json.loads(path.read_text("utf-8")))
