"""The ``required`` kind and the built-in disclaimer rules (rules/disclaimer/).

The kind: ``when``/``when_min``, ``when_subject_type`` (claims about a named subject of a
type), ``unless``, ``ignore_when`` on both sides and ``exceptions`` on ``when`` hits, and
its validation. The rules: results vary, consultation, risks, before-and-after captions
and the "Ad" label, on mini-pages, HTML and Markdown, and on the acceptance seed pages.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import write_rule

from claimcheck.engine import Linter
from claimcheck.errors import RuleError
from claimcheck.ruleset import builtin_rules_dir, load_lexicon, load_rules, parse_rule_file

BUILTIN = {r.id: r for r in load_rules([builtin_rules_dir()], use_cache=False)}
LEXICON = load_lexicon([builtin_rules_dir()], use_cache=False)
DISCLAIMERS = sorted(i for i, r in BUILTIN.items() if r.kind == "required")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def disclaimers(text: str, path: str = "page.txt", rules=None) -> set[str]:
    """Ids of the document-level findings of the built-in required rules."""
    rules = rules or [BUILTIN[i] for i in DISCLAIMERS]
    found = Linter(rules, LEXICON).check_text(path, textwrap.dedent(text))
    assert all(f.scope == "document" and (f.line, f.column, f.match) == (1, 1, "") for f in found)
    return {f.rule.removeprefix("disclaimer/") for f in found}


def test_the_disclaimer_rules_exist_and_are_complete():
    assert {"disclaimer/results-vary", "disclaimer/consultation", "disclaimer/risks",
            "disclaimer/before-after", "disclaimer/ad-label"} <= set(DISCLAIMERS)
    for rule_id in DISCLAIMERS:
        rule = BUILTIN[rule_id]
        assert rule.category == "disclaimer" and rule.severity == "warning"
        assert rule.jurisdictions and rule.description and rule.why and rule.source
        assert any("advice" in s and "'" in s["advice"] for s in rule.suggest), "advice with a sample wording"


# --------------------------------------------------------------------------- consultation, risks

CLINIC_PAGE = """\
    Microneedling

    Microneedling tightens skin and gives visible, natural-looking results.

    Book your microneedling session online today. Prices from £150.
    """


def test_a_procedure_page_needs_consultation_risks_and_results_vary():
    assert disclaimers(CLINIC_PAGE) == {"consultation", "risks", "results-vary"}
    page = CLINIC_PAGE + ("\nEvery client has a consultation with our nurse prescriber first. Redness "
                          "and swelling last a day or two. Results vary.\n")
    assert disclaimers(page) == set()


@pytest.mark.parametrize("statement, missing", [
    ("Suitability is assessed in a face-to-face consultation.", {"risks"}),
    ("Speak to your doctor before booking.", {"risks"}),
    ("Possible side effects include redness and, rarely, scarring.", {"consultation"}),
    ("There is a small risk of infection.", {"consultation"}),
    # Negated wording neither discloses nor advises.
    ("There are no side effects and no risks.", {"consultation", "risks"}),
    ("No consultation needed: just walk in.", {"consultation", "risks"}),
])
def test_each_statement_satisfies_its_own_rule(statement, missing):
    assert disclaimers(CLINIC_PAGE + "\n" + statement + "\n") & {"consultation", "risks"} == missing


def test_claims_count_only_about_a_named_procedure():
    # A serum page that mentions microneedling in passing promotes a product.
    serum = """\
        Vitamin C Serum

        Our serum gives smoother, firmer, more youthful skin with visible results.
        It is the perfect partner after microneedling. Buy now, prices from £30.
        """
    assert disclaimers(serum) & {"consultation", "risks"} == set()
    # "this serum" on a microneedling page is about the serum, not the procedure.
    mixed = """\
        Microneedling

        Microneedling is performed by our nurses.

        This serum gives smoother, firmer, more youthful skin. Buy the serum online.
        """
    assert disclaimers(mixed) & {"consultation", "risks"} == set()
    # Generic words ("our facials", "treatments") name no procedure.
    spa = """\
        Signature Facials

        Our facials leave skin smoother, firmer and more youthful. Book now, prices from £50.
        """
    assert disclaimers(spa) & {"consultation", "risks"} == set()


@pytest.mark.parametrize("page", [
    # A price list and an aftercare sheet make no claims.
    "Price list\n\nMicroneedling £150. HIFU full face £450. Lip filler £200.\n",
    "Microneedling aftercare instructions\n\nAvoid make-up for 24 hours. Results develop over 4 weeks. "
    "Book your next appointment in 6 weeks.\n",
    "Microneedling Aftercare\n\nAvoid make-up for 24 hours. Results develop over 4 weeks. "
    "Book your next appointment in 6 weeks.\n",
    "HIFU Prices\n\nHIFU full face £450 for firmer, lifted skin with visible results.\n",
    # A government information page.
    "Dermal fillers: things to consider\n\nFillers can lift the cheeks and give smoother skin; results "
    "last 6 to 18 months and the cost varies.\n\n© Crown copyright\n",
])
def test_pages_without_promotion_need_nothing(page):
    assert disclaimers(page) & {"consultation", "risks"} == set()


def test_an_aftercare_section_does_not_excuse_a_service_page():
    page = CLINIC_PAGE + "\nAftercare\n\nAvoid make-up for 24 hours.\n"
    assert {"consultation", "risks"} <= disclaimers(page)


def test_a_short_device_advert_needs_both():
    ad = "HIFU lifts the brow and tightens the jawline for younger looking skin. Call us to book.\n"
    assert {"consultation", "risks"} <= disclaimers(ad)


# --------------------------------------------------------------------------- before and after

@pytest.mark.parametrize("page", [
    "Microneedling Results\n\nSee our before and after photos below. Smoother skin in three sessions!\n",
    "HIFU Gallery\n\nBefore & After\n\nJawline, 12 weeks.\n",
    "Lip filler\n\nBefore/after gallery: natural-looking volume.\n",
    "Our before-and-after pictures speak for themselves.\n",
])
def test_before_and_after_images_need_a_caption(page):
    assert "before-after" in disclaimers(page)
    captioned = page + "\nReal patient, photographed 8 weeks after the last session. Not retouched.\n"
    assert "before-after" not in disclaimers(captioned)


@pytest.mark.parametrize("page", [
    "What to expect\n\nAvoid alcohol the day before and after your treatment.\n",
    "Stay out of the sun for a week before and after the procedure.\n",
    "Cleanse gently before and after treatment.\n",
])
def test_before_and_after_as_a_time_is_not_an_image(page):
    assert "before-after" not in disclaimers(page)


def test_before_and_after_in_image_alt_text(tmp_path):
    html = ('<html><head><title>HIFU | Glow Clinic</title></head><body><h1>HIFU jawline</h1>'
            '<img src="ba1.jpg" alt="Before and after HIFU, 12 weeks"><p>HIFU lifts the jawline.</p>'
            '</body></html>')
    assert "before-after" in disclaimers(html, "page.html")
    captioned = html.replace("</body>", "<p>Real patient, one session; photos not retouched.</p></body>")
    assert "before-after" not in disclaimers(captioned, "page.html")
    md = "# Lip filler\n\n![Before and after lip filler](ba.jpg)\n\nNatural-looking volume.\n"
    assert "before-after" in disclaimers(md, "page.md")
    assert "before-after" not in disclaimers(md + "\n*Posed by model.*\n", "page.md")


# --------------------------------------------------------------------------- ad label

@pytest.mark.parametrize("post", [
    "Obsessed with this HIFU facial! Use my code GLOW20 for 20% off your first session. #skincare",
    "I was gifted this vitamin C serum and my skin has never looked better.",
    "In partnership with @lumiskin: the most natural-looking lip filler. #collab",
    "Not an ad, I just love this clinic! Use my code GLOW20.",
])
def test_sponsored_copy_needs_an_ad_label(post):
    assert "ad-label" in disclaimers(post)


@pytest.mark.parametrize("post", [
    "Ad | Obsessed with this HIFU facial! Use my code GLOW20 for 20% off.",
    "#ad Use my code GLOW20 for 20% off.",
    "Paid partnership with Lumi Skin. In partnership with @lumiskin: the most natural lip filler.",
    "#gifted I was gifted this vitamin C serum.",
    "Advertisement: use my code GLOW20.",
    # Not a creator's connection: a brand's own code, a talented team, the regulator.
    "Spring offer: use code SPRING20 for 20% off all facials this month.",
    "Our gifted injectors are registered with the Care Quality Commission.",
])
def test_labelled_or_unsponsored_copy_passes(post):
    assert "ad-label" not in disclaimers(post)


# --------------------------------------------------------------------------- the kind

def required_rule(folder: Path, body: str, name: str = "t/needs") -> Path:
    text = textwrap.dedent("""\
        kind: required
        category: disclaimer
        severity: warning
        message: "Needs a statement."
        why: "Test rule."
        source: "claimcheck test suite"
        {body}
        suggest:
          - advice: "Add 'a statement'."
        examples:
          flag: ["x"]
          pass: ["y"]
        """).replace("{body}", textwrap.dedent(body).strip("\n"))
    return write_rule(folder, name, text)


def run_rule(path: Path, folder: Path, text: str, name: str = "page.txt") -> list:
    rule = parse_rule_file(path, folder)
    return Linter([rule], LEXICON).check_text(name, text)


def test_when_subject_type_counts_claims_about_that_type(tmp_path):
    path = required_rule(tmp_path, """\
        when: [smoother, firmer, glowing]
        when_min: 2
        when_subject_type: [product]
        requires: ["patch test"]
        """)
    assert run_rule(path, tmp_path, "This cream gives smoother, firmer skin.")
    assert not run_rule(path, tmp_path, "This cream gives smoother, firmer skin. Patch test first.")
    assert not run_rule(path, tmp_path, "Microneedling gives smoother, firmer skin.")
    assert not run_rule(path, tmp_path, "Our products give smoother, firmer skin.")  # generic
    # when_min counts distinct phrases, not occurrences.
    assert not run_rule(path, tmp_path, "This cream gives smoother skin. The cream: smoother again.")


def test_unless_and_ignore_when_and_exceptions(tmp_path):
    path = required_rule(tmp_path, """\
        when: [promise]
        requires: [caveat]
        unless: ["internal memo"]
        ignore_when: [negated]
        exceptions: ["promise kept"]
        """)
    assert run_rule(path, tmp_path, "We promise results.")
    assert not run_rule(path, tmp_path, "We promise results. Internal memo.")
    assert not run_rule(path, tmp_path, "We promise results. A caveat applies.")
    assert run_rule(path, tmp_path, "We promise results. There is no caveat.")  # negated: no statement
    assert not run_rule(path, tmp_path, "We do not promise results.")  # negated: no claim
    assert not run_rule(path, tmp_path, "Our promise kept for ten years.")  # exception


def test_unless_title_looks_at_the_title_only(tmp_path):
    path = required_rule(tmp_path, "when: [promise]\nrequires: [caveat]\nunless_title: [memo]\n")
    assert not run_rule(path, tmp_path, "Internal memo\n\nWe promise results.\n")
    assert run_rule(path, tmp_path, "Our offer\n\nWe promise results.\n\nMemo\n\nCall us.\n")
    html = "<html><head><title>Memo</title></head><body><p>We promise results.</p></body></html>"
    assert not run_rule(path, tmp_path, html, "page.html")


def test_without_ignore_when_every_wording_counts(tmp_path):
    path = required_rule(tmp_path, "when: [promise]\nrequires: [caveat]\n")
    assert not run_rule(path, tmp_path, "We promise results. There is no caveat.")


@pytest.mark.parametrize("body, words", [
    ("when: [a]\nrequires: [b]\nwhen_subject: [product]\n", ["when_subject", "when_subject_type"]),
    ("when: [a]\nrequires: [b]\nonce: true\n", ["once", "not used by the required kind"]),
    ("when: [a]\nrequires: [b]\nwhen_subject_type: [serum]\n", ["when_subject_type", "serum"]),
    ("when: [a]\nrequires: [b]\nunless: ['***']\n", ["unless"]),
    ("when: [a]\nrequires: [b]\nunless_title: ['***']\n", ["unless_title"]),
    ("when: [a]\nrequires: [b]\nwhen_min: 0\n", ["when_min"]),
])
def test_invalid_required_rules_name_the_key(tmp_path, body, words):
    path = required_rule(tmp_path, body)
    with pytest.raises(RuleError) as exc:
        parse_rule_file(path, tmp_path)
    message = str(exc.value)
    assert all(w in message for w in words), message
    assert exc.value.line and exc.value.line > 1


def test_the_kind_is_linear_on_a_long_page():
    import time

    para = ("Microneedling tightens skin and gives visible results with no side effects. "
            "Book now, prices from £150. ")
    page = "\n\n".join([para] * 3000)
    rules = [BUILTIN[i] for i in DISCLAIMERS]
    start = time.perf_counter()
    Linter(rules, LEXICON).check_text("long.txt", page)
    assert time.perf_counter() - start < 5


# --------------------------------------------------------------------------- acceptance seeds

SEED_EXPECTED = {
    # An overview of skin-tightening procedures with benefits and "this technique is safe",
    # but not a word about risks; it does tell readers to consult qualified professionals.
    "000_890d6013fbaa574a": {"results-vary", "risks"},
    # A skincare brand's blog: consult a dermatologist, common redness and swelling listed.
    "001_317959ebb45c9508": {"results-vary"},
    # Laser: "Risks and Potential Side Effects", "speak with a qualified technician".
    "002_7856dde1f03bdd74": {"results-vary"},
    # A clinic's microneedling page: results vary and side effects are stated, but nothing
    # says that a practitioner assesses suitability first.
    "003_3e2293a7717c995d": {"consultation"},
    # "Side Effects of Skin Tightening"; "consult your doctor or aesthetician".
    "004_c8b945d9ef0aa872": {"results-vary"},
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="acceptance seeds not available")
@pytest.mark.parametrize("seed", sorted(SEED_EXPECTED))
def test_seed_pages(seed):
    path = SEEDS / f"{seed}.txt"
    assert disclaimers(path.read_text(encoding="utf-8"), path.name) == SEED_EXPECTED[seed]


def test_a_menu_link_asks_for_no_disclaimer(run, tmp_path):
    # "Before & After" in a site menu links to a gallery; the page itself shows none.
    menu = '<nav><a href="/gallery">Before &amp; After</a></nav>'
    (tmp_path / "menu.html").write_text(f"{menu}<h1>HIFU</h1><p>A calm page.</p>", encoding="utf-8")
    (tmp_path / "body.html").write_text("<h1>HIFU</h1><h2>Before &amp; After</h2><p>Photos.</p>",
                                        encoding="utf-8")
    args = ("check", "--format", "json", "--select", "disclaimer/before-after")
    assert json.loads(run(*args, "menu.html").stdout)["findings"] == []
    assert [f["rule"] for f in json.loads(run(*args, "body.html").stdout)["findings"]] == \
        ["disclaimer/before-after"]
