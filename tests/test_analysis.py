"""Sentence splitting, tokens and the context of a hit: negation, hedges, questions, quotes, citations."""

from __future__ import annotations

import pytest

from claimcheck.analysis import analyse, context_of, normalise, split_sentences
from claimcheck.readers import read_document
from claimcheck.ruleset import builtin_rules_dir, load_lexicon


def sentences(text):
    norm = normalise(text)
    return [norm[a:b] for a, b in split_sentences(norm)]


def test_normalise_keeps_length_and_maps_typography():
    text = "It\u2019s \u201csafe\u201d \u2013 pain\u2011free\u00a0care"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "It's \"safe\" - pain-free care"


@pytest.mark.parametrize("text, expected", [
    ("Dr. Smith treats you. Results vary.", ["Dr. Smith treats you.", "Results vary."]),
    ("Use SPF, e.g. SPF 30. Then rest.", ["Use SPF, e.g. SPF 30.", "Then rest."]),
    ("Made in the U.S. by us. It works.", ["Made in the U.S. by us.", "It works."]),
    ("It takes approx. 30 minutes. Done.", ["It takes approx. 30 minutes.", "Done."]),
    ("Rated 4.8 by clients. Great.", ["Rated 4.8 by clients.", "Great."]),
    ("Fastest-growing in aesthetics.1 Dermatology has changed.",
     ["Fastest-growing in aesthetics.1", "Dermatology has changed."]),
    ("Is it safe? Yes! Mostly.", ["Is it safe?", "Yes!", "Mostly."]),
    ("No final period here", ["No final period here"]),
    ("Non-invasive procedure - Unlike surgery, it is minimally invasive.",
     ["Non-invasive procedure", "Unlike surgery, it is minimally invasive."]),
    ("During the session: Treatments last an hour.", ["During the session", "Treatments last an hour."]),
    # emoji end sentences in social copy, so "Not anymore" negates nothing after it
    ("Frown lines? Not anymore \U0001f609 Our top-up is \u00a399.",
     ["Frown lines?", "Not anymore \U0001f609", "Our top-up is \u00a399."]),
    ("Glow \u2728\ufe0f all summer \u2764\ufe0f\u200d\U0001f525 Book now",
     ["Glow \u2728\ufe0f", "all summer \u2764\ufe0f\u200d\U0001f525", "Book now"]),
])
def test_sentence_splitting(text, expected):
    assert sentences(text) == expected


def test_emoji_ends_a_negation():
    assert not ctx("Wrinkles? Not anymore \U0001f609 Results are permanent.", "permanent").negated
    assert ctx("Results are not permanent \U0001f609", "permanent").negated


LEXICON = load_lexicon([builtin_rules_dir()], use_cache=False)


def ctx(text, phrase):
    ad = analyse(read_document("t.txt", text), LEXICON)
    for ab in ad.blocks:
        i = ab.norm.lower().find(phrase.lower())
        if i >= 0:
            return context_of(ad, ab, i, i + len(phrase))
    raise AssertionError(f"{phrase!r} not in {text!r}")


@pytest.mark.parametrize("text, phrase", [
    ("Results are not permanent.", "permanent"),
    ("No treatment can permanently stop ageing.", "permanently"),
    ("The results are long-lasting but not considered fully permanent.", "permanent"),
    ("It isn't painless.", "painless"),
    ("It is never risk-free.", "risk-free"),
    ("We can't guarantee results.", "guarantee"),
    ("There are options, and none of them are a permanent cure.", "permanent"),
    ("Several options exist, none of which are permanent.", "permanent"),
    ("It does not lift or remove pigmentation.", "remove"),
    ("No needles or downtime.", "downtime"),
    ("Rosacea lasts, and no light-based treatment makes it go away for good.", "for good"),
])
def test_negated(text, phrase):
    assert ctx(text, phrase).negated


@pytest.mark.parametrize("text, phrase", [
    ("Results are permanent.", "permanent"),
    ("It is not only quick but permanent.", "permanent"),
    ("It is not invasive, and the results are permanent.", "permanent"),
    ("Not painful at all, the results are permanent.", "permanent"),
    ("This is without downtime.", "downtime"),
    ("No more than 5% of patients bruise.", "5%"),
    ("No wonder 92% of clients rebook.", "92%"),
    ("Not surprisingly, results are permanent.", "permanent"),
    ("None of the pain, all of the permanent results.", "permanent"),
    ("It lifts not less than 30% of sagging.", "30%"),
])
def test_not_negated(text, phrase):
    assert not ctx(text, phrase).negated


@pytest.mark.parametrize("text, phrase", [
    ("Laser skin tightening is generally safe.", "safe"),
    ("It may be painless for you.", "painless"),
    ("Most patients have no downtime.", "no downtime"),
    ("You can return to work with no downtime in most cases.", "no downtime"),
    ("Treatments can help stimulate collagen.", "stimulate"),
    ("It lifts the brow by up to 3 mm.", "lifts"),
    ("Results are permanent, and improve by up to 80%.", "80%"),
])
def test_hedged(text, phrase):
    assert ctx(text, phrase).hedged


@pytest.mark.parametrize("text, phrase", [
    ("This technique is safe.", "safe"),
    ("Microneedling can be used safely on all skin types.", "all skin types"),
    ("While results vary, it undoubtedly works.", "undoubtedly"),
    ("It may sting; however the results are permanent.", "permanent"),
    # a trailing hedge reaches only its own clause
    ("It gives up to 80% improvement, and best of all, the results are permanent.", "permanent"),
    ("It gives up to 80% improvement; results are permanent.", "permanent"),
    ("Guaranteed permanent removal in six sessions, with up to 90% reduction.", "permanent"),
])
def test_not_hedged(text, phrase):
    assert not ctx(text, phrase).hedged


def test_question_and_heading():
    assert ctx("Is it painless? Not quite.", "painless").question
    assert not ctx("It is painless. Really?", "painless").question
    c = ctx("Are the Results Permanent?\n\nThey last a year.", "permanent")
    assert c.question and c.heading


def test_blockquote_is_a_quote_only_with_quote_marks_or_attribution():
    def quoted(md):
        ad = analyse(read_document("t.md", md))
        ab = ad.blocks[0]
        return context_of(ad, ab, 4, 8).quoted
    assert quoted('> \u201cThe best clinic in town.\u201d')
    assert quoted("> The best clinic in town. - Sarah, Bondi")
    assert not quoted("> The best moisturiser for men.")


def test_quoted():
    assert ctx('She said it was "totally painless" for her.', "painless").quoted
    assert not ctx('It is painless. "Great" she said.', "painless").quoted


@pytest.mark.parametrize("text, phrase", [
    ("One of the fastest-growing categories in aesthetics.1 Next sentence here.", "fastest"),
    ("It boosts collagen by 30%.[2]", "30%"),
    ("It boosts collagen by 30%[^note].", "30%"),
    ("It boosts collagen by 30%\u00b9.", "30%"),
    ("It boosts collagen by 30% (Smith et al., 2020).", "30%"),
    ("In a trial (n=120) it boosted collagen.", "boosted"),
    ("The number 1 brand*\n\n*Data from a survey of 120 doctors.", "number 1"),
    # digits glued to a word are a footnote on a page with notes
    ("It boosts collagen1 and elastin2.\n\nReferences\n\n1. Smith J. 2019", "boosts"),
    ("It boosts collagen1 and elastin2.\n\n1. Smith et al., Derm Surg.", "boosts"),
    ("About 68% improved (REFINE-1 and REFINE-2 trials, prescribing information).", "68%"),
    ("About 68% improved (Source: Kybella prescribing information).", "68%"),
    ("About 68% improved (in a 2019 study of 40 adults).", "68%"),
    ("According to the Kybella prescribing information, 68% improved.", "68%"),
    ("According to a study published in JAMA, 68% improved.", "68%"),
    ("In our 2023 audit of 64 patients treated for redness, 71% improved.", "71%"),
])
def test_cited(text, phrase):
    assert ctx(text, phrase).cited


@pytest.mark.parametrize("text, phrase", [
    ("It boosts collagen by 30%.", "30%"),
    ("The number 1 brand* in town.", "number 1"),
    ("Rated 4.8 by 300 clients.", "rated"),
    # ... and part of a name on a page without notes ("Pixel8"), or a lexicon name anywhere
    ("Our Pixel8 laser is the gold standard.", "gold standard"),
    ("Morpheus8 is the gold standard.\n\nReferences\n\n8. Smith J. 2019", "gold standard"),
    ("Our No.1 serum. Vol.2 of our guide.", "no.1"),
    ("80% saw results (in clinical trials).", "80%"),
    ("80% saw results (results vary).", "80%"),
    ("According to our clients, 80% saw results.", "80%"),
    ("In a study of 64 patients, 71% improved.", "71%"),
])
def test_not_cited(text, phrase):
    assert not ctx(text, phrase).cited


def test_markdown_link_cites():
    ad = analyse(read_document("t.md", "It is the [number 1 brand](https://example.org/survey)."))
    ab = ad.blocks[0]
    i = ab.norm.find("number 1")
    assert context_of(ad, ab, i, i + 8).cited
