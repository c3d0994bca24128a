"""The coach's second reader: a statistical model that reads a reply as a whole.

The rules in content/coach.yaml catch what can be named: a phone number, a code name, a phrase
that blames. Replies written by people who never saw the rules leak and lecture in words no rule
names, so a second reader, trained on labelled replies, judges whether a reply reads like one
that leaks or one whose tone is wrong. It blocks only what the rules let through, and explains
itself on the text: its finding points at the words that weighed most.

The model is trained by `python -m tests.coach.train_reader` on the development sets under
tests/coach/ and shipped as reader.joblib beside this module; each category's threshold is the
lowest that blocks at most `GOOD_BLOCKED` of the good replies of every development set, read by a
model trained on the other sets only (leave one set out). Each set has its own author, so the
threshold holds for an author the model has not seen; random folds would mix an author's replies
into training and choose thresholds that block more of a new author's good replies.
It reads English: the replies it learnt from are English, so other languages are left to the
rules, also a reply written in another language in an English step ("Merci beaucoup, Chloé !").
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from training.coach.findings import Finding
from training.i18n import N_

MODEL = Path(__file__).with_name("reader.joblib")
LANGUAGE = "en"
CATEGORIES = ("leak", "tone")
GOOD_BLOCKED = 0.03  # the share of a left-out set's good replies a threshold may block, when training
SHOWN_WORDS = 3  # the words a finding names
# Kept in English, as every finding is (it is evidence); pages show them translated (catalogue.py).
MESSAGES = {
    "leak": N_(
        "This reads like a reply that gives away what should stay private: a customer's details, an"
        " unreleased product or an internal matter (the words that weigh most: {words}). Keep such"
        " details for a private channel, or leave them out"
    ),
    "tone": N_(
        "This reads like a reply whose tone will go down badly: blaming, lecturing, sarcastic or cold"
        " (the words that weigh most: {words}). Say what you will do for them, plainly and warmly"
    ),
}
WORD = re.compile(r"\w\w+")  # the words a finding can point at (the word model's own tokens)
# Common words of English and of the other languages customers write in here (French, German,
# Welsh, Polish, Spanish, Italian; few of them English words too): a reply with more of the
# latter is in another language.
ENGLISH = frozenset((
    "the", "and", "you", "your", "to", "we", "our", "it", "is", "are", "for", "of", "in", "on", "that",
    "this", "be", "have", "has", "will", "with", "can", "please", "sorry", "thanks", "thank", "so", "not",
    "if", "at", "as", "all", "what", "was", "were", "me", "my", "i", "us", "here", "there", "just", "do",
    "get",
))  # fmt: skip
FOREIGN = frozenset((
    "le", "la", "les", "des", "une", "est", "et", "je", "vous", "nous", "pour", "pas", "avec", "sur",
    "dans", "ce", "cette", "votre", "vos", "notre", "nos", "merci", "bonjour", "très", "désolé", "désolée",
    "qu", "que", "qui", "au", "aux", "du", "der", "das", "und", "ich", "sie", "wir", "ist", "nicht", "mit",
    "für", "auf", "dem", "den", "ein", "eine", "einen", "unser", "unsere", "ihre", "ihr", "bitte", "danke",
    "hallo", "leider", "noch", "auch", "sehr", "wie", "von", "mae", "yn", "ac", "gen", "chi", "ddim",
    "iawn", "yr", "eich", "hyn", "diolch", "bydd", "fydd", "gyda", "neu", "się", "nie", "jest", "że",
    "pani", "panie", "pan", "proszę", "dzień", "dobry", "bardzo", "przepraszam", "dziękuję", "jak", "ale",
    "el", "los", "las", "una", "por", "para", "gracias", "hola", "muy", "siento", "che", "sono", "grazie",
    "ciao",
))  # fmt: skip


@dataclass(frozen=True)
class Reader:
    """One trained model per category, with the probability at which it blocks."""

    models: dict  # category -> a fitted scikit-learn pipeline (word and character n-grams)
    thresholds: dict[str, float]
    examples: str  # the sha256 of the labelled replies it was trained on


def read(reply: str, language: str = LANGUAGE, skip: frozenset[str] = frozenset()) -> list[Finding]:
    """Return the second reader's findings on `reply`: at most one per category not in `skip`."""
    if language != LANGUAGE or not WORD.search(reply) or not _reads_as_english(reply):
        return []
    reader = load()
    findings = []
    for category in CATEGORIES:
        if category in skip:
            continue
        model = reader.models[category]
        if model.predict_proba([reply])[0, 1] >= reader.thresholds[category]:
            findings.append(_finding(category, reply, _weights(model, reply)))
    return findings


def _reads_as_english(reply: str) -> bool:
    """False for a reply with at least three common words of another language, and more of them
    than of English ones."""
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", reply)]
    foreign = sum(w in FOREIGN for w in words)
    return foreign < 3 or foreign <= sum(w in ENGLISH for w in words)


@cache
def load() -> Reader:
    import joblib  # scikit-learn and its helpers load only when a reply is read

    reader = joblib.load(MODEL)
    for model in reader.models.values():
        _names(model)  # built once here, not on the first finding
    return reader


@cache
def _names(model):
    """The names of a model's features (word and character n-grams), by column."""
    return model.steps[0][1].get_feature_names_out()


def _finding(category: str, reply: str, weights: list[tuple[float, re.Match]]) -> Finding:
    top, seen = [], set()
    for weight, match in sorted(weights, key=lambda w: -w[0]):
        if weight > 0 and match.group().lower() not in seen and len(top) < SHOWN_WORDS:
            top.append(match)
            seen.add(match.group().lower())
    words = ", ".join(f"“{match.group()}”" for match in top) or "—"
    first = top[0] if top else None
    start, end = (first.start(), first.end()) if first else (0, 0)
    return Finding(
        f"reads-like-{category}", category, "block", start, end, MESSAGES[category].format(words=words) + "."
    )


def _weights(model, reply: str) -> list[tuple[float, re.Match]]:
    """How much each word of `reply` pushed the model towards blocking.

    The model is a feature union of word n-grams and character n-grams inside words, then a
    linear classifier, so a feature's push is its value times its coefficient; a word gets the
    push of every word n-gram it is part of and of every character n-gram found in it.
    """
    features, classifier = model.steps[0][1], model.steps[-1][1]
    row = features.transform([reply]).tocoo()
    push = dict(zip(row.col.tolist(), (row.data * classifier.coef_[0][row.col]).tolist(), strict=True))
    names = _names(model)
    words = list(WORD.finditer(reply))
    lowered = [match.group().lower() for match in words]
    grams = []  # (kind, gram, push, how many words hold it): each feature read once
    for index, value in push.items():
        part, _, gram = names[index].partition("__")
        gram = gram if part == "words" else gram.strip()
        if gram:
            holders = sum(gram in word for word in lowered) if part == "chars" else 1
            grams.append((part, gram, value, max(1, holders)))
    weights = []
    for match, word in zip(words, lowered, strict=True):
        total = 0.0
        for part, gram, value, holders in grams:
            if part == "words" and word in gram.split(" "):
                total += value
            elif part == "chars" and gram in word:
                total += value / holders
        weights.append((total, match))
    return weights


def train(examples: list[tuple[str, str]], digest: str, sets: list[str]) -> Reader:
    """Train the reader on (group, reply) pairs (groups good, leak, tone and practice), each from
    the development set named at the same place in `sets`."""
    import numpy

    replies = [reply for _, reply in examples]
    good = numpy.array([group == "good" for group, _ in examples])
    sets = numpy.array(sets)
    models, thresholds = {}, {}
    for category in CATEGORIES:
        wanted = numpy.array([group == category for group, _ in examples])
        unseen = unseen_scores(replies, wanted, sets)
        thresholds[category] = _threshold(unseen[good], sets[good])
        models[category] = _pipeline().fit(replies, wanted)
    return Reader(models, thresholds, digest)


def unseen_scores(replies: list[str], wanted, sets):
    """Each reply's score from a model trained on the other development sets only."""
    from sklearn.model_selection import LeaveOneGroupOut, cross_val_predict

    return cross_val_predict(
        _pipeline(), replies, wanted, cv=LeaveOneGroupOut(), groups=sets, method="predict_proba"
    )[:, 1]


def _threshold(good_scores, good_sets) -> float:
    """The lowest threshold, in steps of 0.05 from 0.5, that blocks at most GOOD_BLOCKED of the
    good replies of each set (`good_sets` names the set of each score)."""
    for step in range(10, 20):
        threshold = step / 20
        if all(
            (good_scores[good_sets == name] >= threshold).mean() <= GOOD_BLOCKED for name in set(good_sets)
        ):
            return threshold
    return 0.95


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=WORD.pattern)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
    ])  # fmt: skip
    return make_pipeline(features, LogisticRegression(C=4, class_weight="balanced", max_iter=2000))
