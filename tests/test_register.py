"""The approved-claims register: loading with file:line errors, tolerant matching,
jurisdictions, rule selectors and expiry."""

from __future__ import annotations

import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from claimcheck.errors import ConfigError
from claimcheck.findings import Finding
from claimcheck.register import Register, load_register, normalise_claim
from claimcheck.ruleset import selector_matches

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "fixtures" / "register"
TODAY = date(2026, 6, 1)
CLAIM = "Clinically proven to reduce fine lines by 32% in 8 weeks"


def write(tmp_path: Path, text: str, name: str = "register.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def register(tmp_path: Path, text: str) -> Register:
    return load_register(write(tmp_path, text))


def one(tmp_path: Path, claim: str = CLAIM, **keys) -> Register:
    """A register with one entry; extra keys are YAML flow text."""
    lines = [f"  - claim: {claim!r}" if "'" not in claim else f'  - claim: "{claim}"',
             '    source: "Smith et al. 2024 (n=120)"']
    lines += [f"    {k}: {v}" for k, v in keys.items()]
    return register(tmp_path, "claims:\n" + "\n".join(lines) + "\n")


def finding(match: str, sentence: str, rule: str = "statistic/percentage",
            category: str = "statistic", scope: str = "span") -> Finding:
    f = Finding(path="page.md", rule=rule, category=category, severity="warning",
                message="m", match=match, line=1, column=1, end_line=1, end_column=1,
                start=0, end=len(match), scope=scope)
    f.sentence = sentence
    return f


def covered(reg: Register, f: Finding, jurisdictions=(), today=TODAY) -> bool:
    return reg.substantiation(f, tuple(jurisdictions), today) is not None


# --------------------------------------------------------------------------- loading

def test_fixture_register_loads():
    reg = load_register(FIXTURE / "approved-claims.yaml")
    assert len(reg) == 3
    first, second, third = reg.entries
    assert first.claim == CLAIM
    assert first.approved == date(2026, 2, 10) and first.expires == date(2027, 2, 10)
    assert first.jurisdictions == ("UK", "EU")
    assert first.approver == "J. Patel, Regulatory Affairs"
    assert first.note.startswith("Use with")
    assert first.line == 4
    assert second.approved == date(2025, 6, 1)  # an ISO text, not a YAML date
    assert second.jurisdictions == () and second.expires is None and second.rules == ()
    assert third.rules == ("statistic",)


def test_loading_accepts_strings_for_lists_and_datetimes(tmp_path):
    reg = register(tmp_path, """
        claims:
          - claim: >-
              Clinically proven to reduce
              fine lines by 32% in 8 weeks
            source: "  Smith   et al.  "
            approved: 2026-02-10 09:30:00
            expires: "2027-02-10T00:00:00"
            jurisdictions: "uk, EU"
            rules: statistic/percentage
          - claim: Dermatologist tested
            source: Patch test report
        """)
    a, b = reg.entries
    assert a.claim == CLAIM and a.source == "Smith et al."
    assert a.approved == date(2026, 2, 10) and a.expires == date(2027, 2, 10)
    assert a.jurisdictions == ("UK", "EU") and a.rules == ("statistic/percentage",)
    assert (a.line, b.line) == (2, 10)
    assert b.approved is None and b.approver is None


def test_empty_claims_list_is_an_empty_register(tmp_path):
    assert len(register(tmp_path, "claims: []\n")) == 0
    assert len(register(tmp_path, "claims:\n")) == 0


ERRORS = [
    ("unknown entry key",
     """
     claims:
       - claim: A
         source: B
         aprover: C
     """, 4, "unknown key 'aprover' (did you mean 'approver'?)"),
    ("unknown top key",
     """
     claim:
       - claim: A
     """, 1, "unknown key 'claim' (did you mean 'claims'?)"),
    ("missing source",
     """
     claims:
       - claim: A
         source: B
       - claim: C
         approver: D
     """, 4, "claim entry has no 'source'"),
    ("missing claim",
     """
     claims:
       - source: B
     """, 2, "claim entry has no 'claim'"),
    ("empty claim",
     """
     claims:
       - claim: "   "
         source: B
     """, 2, "claim: empty text"),
    ("claim without words",
     """
     claims:
       - source: B
         claim: "!!! --"
     """, 3, "claim: '!!! --' has no words to match"),
    ("empty source",
     """
     claims:
       - claim: A
         source: ""
     """, 3, "source: empty text"),
    ("claim is a list",
     """
     claims:
       - claim: [A, B]
         source: B
     """, 2, "claim: expected text, got a list"),
    ("bad date text",
     """
     claims:
       - claim: A
         source: B
         approved: 10/02/2026
     """, 4, "approved: '10/02/2026' is not a date (write YYYY-MM-DD)"),
    ("date as a number",
     """
     claims:
       - claim: A
         source: B
         expires: 2027
     """, 4, "expires: 2027 is not a date (write YYYY-MM-DD)"),
    ("impossible YAML date",
     """
     claims:
       - claim: A
         source: B
         approved: 2026-02-10
       - claim: C
         source: D
         expires: 2026-02-30
     """, 7, "expires: '2026-02-30' is not a valid date (day is out of range for month)"),
    ("impossible quoted date",
     """
     claims:
       - claim: A
         source: B
         approved: "2026-13-01"
     """, 4, "approved: '2026-13-01' is not a valid date (month must be in 1..12)"),
    ("expires before approved",
     """
     claims:
       - claim: A
         source: B
         approved: 2026-02-10
         expires: 2026-02-09
     """, 5, "expires: 2026-02-09 is before approved 2026-02-10"),
    ("unknown jurisdiction",
     """
     claims:
       - claim: A
         source: B
         jurisdictions: [UK, NZ]
     """, 4, "jurisdictions: 'NZ' is not one of US, UK, EU, AU, CA (leave the key out to mean everywhere)"),
    ("empty jurisdictions",
     """
     claims:
       - claim: A
         source: B
         jurisdictions: []
     """, 4, "jurisdictions: empty list (leave the key out to mean everywhere)"),
    ("rules not text",
     """
     claims:
       - claim: A
         source: B
         rules: [statistic, 3]
     """, 4, "rules[1]: expected text, got a whole number"),
    ("entry not a mapping",
     """
     claims:
       - claim: A
         source: B
       - just a claim
     """, 4, "each claim must be a mapping with 'claim' and 'source'"),
    ("claims not a list",
     """
     claims:
       claim: A
     """, 1, "claims: expected a list, got a mapping"),
    ("not a mapping",
     """
     - claim: A
     """, 1, "a register is a mapping with a 'claims' list"),
    ("duplicate key",
     """
     claims:
       - claim: A
         source: B
         source: C
     """, 4, "invalid YAML"),
    ("YAML syntax",
     """
     claims:
       - claim: "A
         source: B
     """, None, "invalid YAML"),
]


@pytest.mark.parametrize("text,line,message", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_name_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_register(path)
    err = info.value
    assert err.exit_code == 2
    assert err.path == str(path)
    if line is not None:
        assert err.line == line, str(err)
    assert message in str(err)
    assert "\n" not in str(err)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_register(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="a register is a mapping"):
        load_register(write(tmp_path, ""))


# --------------------------------------------------------------------------- matching

def test_normalise_claim():
    assert normalise_claim("Clinically-Proven: reduce   fine\nlines by 32 %!") == \
        "clinically proven reduce fine lines by 32 %"
    assert normalise_claim("Women\u2019s \u201cfavourite\u201d \u2013 8\u201312 weeks\u00b9") == \
        "women s favourite 8 12 weeks"
    assert normalise_claim("reju\u00advenating") == "rejuvenating"
    assert normalise_claim("**bold** _emphasis_") == "bold emphasis"


@pytest.mark.parametrize("sentence", [
    "Clinically proven to reduce fine lines by 32% in 8 weeks.",
    "CLINICALLY PROVEN TO REDUCE FINE LINES BY 32% IN 8 WEEKS!",
    "Clinically-proven: to reduce fine lines, by 32 % in 8 weeks\u2026",
    "Clinically proven to reduce fine\nlines by 32%\r\n in 8  weeks.",
    "\u201cClinically proven\u201d to reduce fine lines by 32% in 8 weeks\u00b9.",
])
def test_tolerant_matching(tmp_path, sentence):
    reg = one(tmp_path)
    assert covered(reg, finding("32%", sentence))
    assert covered(reg, finding("clinically proven", sentence, rule="statistic/research-appeal"))


def test_curly_quotes_and_dashes_in_the_claim(tmp_path):
    reg = one(tmp_path, claim="Rated \u201cexcellent\u201d by 9 in 10 women \u2013 it\u2019s our bestseller")
    sentence = "Rated \"excellent\" by 9 in 10 women - it's our bestseller, say reviewers."
    assert covered(reg, finding("9 in 10", sentence, rule="statistic/ratio"))
    assert covered(reg, finding("bestseller", sentence, rule="superlative/best",
                                category="superlative"))


def test_claim_covering_part_of_a_sentence(tmp_path):
    reg = one(tmp_path)
    sentence = ("Our serum is clinically proven to reduce fine lines by 32% in 8 weeks, "
                "and it is the best serum in London.")
    assert covered(reg, finding("by 32%", sentence))
    assert not covered(reg, finding("best", sentence, rule="superlative/best", category="superlative"))


def test_match_reaching_outside_the_claim_is_not_covered(tmp_path):
    reg = one(tmp_path, claim="reduce fine lines by 32%")
    sentence = "Clinically proven to reduce fine lines by 32% in 8 weeks."
    assert covered(reg, finding("by 32%", sentence))
    assert not covered(reg, finding("32% in 8 weeks", sentence))
    assert not covered(reg, finding("Clinically proven", sentence, rule="statistic/research-appeal"))


def test_claim_must_appear_in_the_finding_sentence(tmp_path):
    reg = one(tmp_path)
    # the same figure in a different claim
    assert not covered(reg, finding("32%", "Reduces fine lines by 32% in 4 weeks."))
    # words must match whole: 32.5% is not 32%, 18 weeks is not 8 weeks
    assert not covered(reg, finding("32.5%", "Clinically proven to reduce fine lines by 32.5% in 8 weeks."))
    assert not covered(reg, finding("32%", "Clinically proven to reduce fine lines by 32% in 18 weeks."))


def test_match_also_outside_the_claim_is_not_covered(tmp_path):
    # which of the two "32%" the finding is cannot be told from its text: stay reported
    reg = one(tmp_path)
    sentence = f"{CLAIM}, and 32% of users saw fewer spots."
    assert not covered(reg, finding("32%", sentence))
    assert covered(reg, finding("8 weeks", sentence, rule="statistic/lasting-results"))


def test_short_claim_equal_to_the_whole_match(tmp_path):
    reg = one(tmp_path, claim="Dermatologist-tested")
    assert covered(reg, finding("Dermatologist tested", "", rule="statistic/research-appeal"))
    assert covered(reg, finding("dermatologist tested", "Dermatologist tested and gentle.",
                                rule="statistic/research-appeal"))
    assert not covered(reg, finding("tested", "Tested on animals? Never."))


def test_document_scope_and_empty_matches_are_never_covered(tmp_path):
    reg = one(tmp_path, claim="Results may vary")
    assert not covered(reg, finding("Results may vary", "Results may vary", scope="document"))
    assert not covered(reg, finding("", "Results may vary."))
    assert not covered(reg, finding("...", "Results may vary..."))


# --------------------------------------------------------------------------- jurisdictions

@pytest.mark.parametrize("run,expected", [
    ((), True), (("UK",), True), (("uk",), True), (("EU",), True), (("US",), False),
    (("US", "EU"), True), (("AU", "CA"), False),
])
def test_jurisdictions(tmp_path, run, expected):
    reg = one(tmp_path, jurisdictions="[UK, EU]")
    assert covered(reg, finding("32%", CLAIM), run) is expected


def test_entry_without_jurisdictions_counts_everywhere(tmp_path):
    reg = one(tmp_path)
    for run in ((), ("US",), ("AU", "CA")):
        assert covered(reg, finding("32%", CLAIM), run)


# --------------------------------------------------------------------------- rule selectors

@pytest.mark.parametrize("rules,rule,category,expected", [
    ("[statistic]", "statistic/percentage", "statistic", True),
    ("[statistic]", "statistic/research-appeal", "statistic", True),
    ("[statistic/percentage]", "statistic/percentage", "statistic", True),
    ("[statistic/percentage]", "statistic/research-appeal", "statistic", False),
    ("[statistic/]", "statistic/research-appeal", "statistic", True),
    ("[uk]", "uk/asa/clinically-proven", "medical", True),
    ("[superlative]", "statistic/percentage", "statistic", False),
    ("[superlative, statistic/percentage]", "statistic/percentage", "statistic", True),
    ("[all]", "medical/cure", "medical", True),
])
def test_rules_selectors(tmp_path, rules, rule, category, expected):
    reg = one(tmp_path, rules=rules)
    assert covered(reg, finding("32%", CLAIM, rule=rule, category=category)) is expected


def test_selector_matches():
    assert selector_matches("statistic", "statistic/percentage", "statistic")
    assert selector_matches("medical", "uk/asa/cure", "medical")
    assert selector_matches("uk/asa", "uk/asa/cure", "medical")
    assert not selector_matches("uk/as", "uk/asa/cure", "medical")


# --------------------------------------------------------------------------- expiry

def test_expiry_boundary(tmp_path):
    reg = one(tmp_path, approved="2026-02-10", expires="2027-02-10")
    f = finding("32%", CLAIM)
    expiry = date(2027, 2, 10)
    assert covered(reg, f, today=expiry - timedelta(days=1))
    assert covered(reg, f, today=expiry)  # expiring today: still valid
    assert reg.expired_match(f, (), expiry) is None
    after = expiry + timedelta(days=1)
    assert not covered(reg, f, today=after)  # the finding comes back
    old = reg.expired_match(f, (), after)
    assert old is not None and old["expires"] == "2027-02-10" and old["claim"] == CLAIM


def test_expired_match_needs_a_textual_match(tmp_path):
    reg = one(tmp_path, expires="2020-01-01")
    assert reg.expired_match(finding("32%", "Something else by 32%."), (), TODAY) is None
    assert reg.expired_match(finding("32%", CLAIM), ("US",), TODAY) is not None
    reg = one(tmp_path, expires="2020-01-01", jurisdictions="[UK]")
    assert reg.expired_match(finding("32%", CLAIM), ("US",), TODAY) is None


def test_valid_entry_wins_over_an_expired_one(tmp_path):
    reg = register(tmp_path, f"""
        claims:
          - claim: "{CLAIM}"
            source: Old study
            expires: 2025-01-01
          - claim: "reduce fine lines by 32%"
            source: New study
            approved: 2025-01-02
            approver: Compliance
        """)
    f = finding("32%", CLAIM)
    info = reg.substantiation(f, (), TODAY)
    assert info["source"] == "New study" and info["line"] == 5
    assert reg.expired_match(f, (), TODAY) is None


def test_substantiation_dict(tmp_path):
    path = FIXTURE / "approved-claims.yaml"
    reg = load_register(path)
    info = reg.substantiation(finding("by 32%", f"Our serum is {CLAIM.lower()}."), ("UK",), TODAY)
    assert info == {
        "claim": CLAIM,
        "source": "Smith et al., J Cosmet Dermatol 2024;23(4):1101 (n=120)",
        "approved": "2026-02-10",
        "approver": "J. Patel, Regulatory Affairs",
        "expires": "2027-02-10",
        "register": str(path),
        "line": 4,
    }


def test_first_valid_entry_in_file_order(tmp_path):
    reg = register(tmp_path, f"""
        claims:
          - claim: "by 32% in 8 weeks"
            source: First
          - claim: "{CLAIM}"
            source: Second
        """)
    assert reg.substantiation(finding("32%", CLAIM), (), TODAY)["source"] == "First"


# --------------------------------------------------------------------------- the sample page

def page_findings(jurisdictions: tuple[str, ...]) -> list[Finding]:
    from claimcheck.engine import Linter
    from claimcheck.ruleset import builtin_rules_dir, load_lexicon, load_rules, select_rules

    folder = builtin_rules_dir()
    rules = select_rules(load_rules([folder]), jurisdictions=jurisdictions)
    page = FIXTURE / "page.md"
    findings = Linter(rules, load_lexicon([folder])).check_text(
        str(page), page.read_text(encoding="utf-8"))
    return findings


def test_sample_page():
    reg = load_register(FIXTURE / "approved-claims.yaml")
    findings = page_findings(("UK",))
    kept, substantiated, expired = reg.partition(findings, ("UK",), TODAY)
    done = {(f.match, info["line"]) for f, info in substantiated}
    assert ("clinically proven", 4) in done
    assert ("Dermatologist tested", 12) in done
    kept_matches = {f.match for f in kept}
    assert {"best", "10,000 customers", "92%"} <= kept_matches  # unapproved, expired
    assert not kept_matches & {m for m, _ in done}
    assert [(f.match, info["expires"]) for f, info in expired] == [("92%", "2025-03-01")]
    # the UK/EU approval does not count in a US-only run
    us = load_register(FIXTURE / "approved-claims.yaml").partition(page_findings(("US",)), ("US",), TODAY)
    assert "clinically proven" in {f.match for f in us[0]}
    assert {f.match for f, _ in us[1]} == {"Dermatologist tested"}


# --------------------------------------------------------------------------- speed

def test_many_findings_against_hundreds_of_claims_is_fast(tmp_path):
    entries = "\n".join(f'  - claim: "Treatment {i} reduces redness by {i % 90 + 5}% in {i % 12 + 2} weeks"\n'
                        f"    source: Study {i}" for i in range(400))
    reg = register(tmp_path, "claims:\n" + entries + "\n")
    findings = [finding(f"{i % 90 + 5}%", f"Treatment {i} reduces redness by {i % 90 + 5}% in "
                        f"{i % 12 + 2} weeks, the best in town.") for i in range(400)] * 10
    findings += [finding("best", f"Treatment {i} is the best in town.", rule="superlative/best",
                         category="superlative") for i in range(4000)]
    start = time.perf_counter()
    kept, substantiated, _ = reg.partition(findings, (), TODAY)
    elapsed = time.perf_counter() - start
    assert len(substantiated) == 4000 and len(kept) == 4000
    assert elapsed < 1.0, elapsed


# --------------------------------------------------------------------------- CLI

def _cli_register(tmp_path, expires) -> Path:
    (tmp_path / "page.md").write_text(
        "# Serum\n\nOur serum is clinically proven to reduce fine lines by 32% in 8 weeks.\n",
        encoding="utf-8")
    register = tmp_path / "claims.yaml"
    register.write_text(
        'claims:\n  - claim: "clinically proven to reduce fine lines by 32% in 8 weeks"\n'
        '    source: "Smith 2024 (n=120)"\n    approver: "J. Patel"\n'
        f"    expires: {expires.isoformat()}\n", encoding="utf-8")
    return register


def test_cli_register_silences_then_expiry_brings_back(run, tmp_path):
    import datetime
    import json

    today = datetime.date.today()
    _cli_register(tmp_path, today + datetime.timedelta(days=1))
    (tmp_path / ".claimcheck.yaml").write_text("register: claims.yaml\n", encoding="utf-8")
    result = run("check", "--format", "json", "--select", "statistic", "page.md")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["findings"] == []
    # one claim, reported once: the research appeal (the percentage in it defers to it)
    assert {f["rule"] for f in data["substantiated"]} == {"statistic/research-appeal"}
    assert data["substantiated"][0]["substantiated"]["source"] == "Smith 2024 (n=120)"
    verbose = run("check", "-v", "--select", "statistic", "page.md")
    assert "Substantiated (approved-claims register):" in verbose.stdout
    assert "substantiated by the claims register" in verbose.stdout

    _cli_register(tmp_path, today - datetime.timedelta(days=1))
    expired = run("check", "-v", "--select", "statistic", "page.md")
    assert "statistic/research-appeal" in expired.stdout and "approval expired on" in expired.stdout
    assert json.loads(run("check", "--format", "json", "--select", "statistic",
                          "page.md").stdout)["substantiated"] == []


def test_cli_bad_register_is_a_config_error(run, tmp_path):
    (tmp_path / "page.md").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "claims.yaml").write_text("claims:\n  - claim: x\n    sorce: y\n", encoding="utf-8")
    result = run("check", "--register", "claims.yaml", "page.md")
    assert result.exit_code == 2 and "claims.yaml:3" in result.stderr
