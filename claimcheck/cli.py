"""The command-line interface (click): check, rules list/test, explain."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class CliError(click.ClickException):
    """A ClaimcheckError surfaced through click: one line on stderr, exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"claimcheck: error: {self.message}", err=True)


class Group(click.Group):
    """A click group whose errors, usage errors included, are one line and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ClaimcheckError as exc:
            raise CliError(str(exc)) from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "claimcheck"
            message = " ".join(exc.format_message().split())
            click.echo(f"claimcheck: error: {message} (see '{where} --help')", err=True)
            sys.exit(EXIT_ERROR)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("claimcheck: aborted", err=True)
            sys.exit(EXIT_ERROR)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


def _split(values) -> tuple[str, ...]:
    """Flatten repeated and comma-separated option values."""
    out = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def _jurisdictions(values) -> tuple[str, ...]:
    from claimcheck.ruleset import JURISDICTIONS

    out = tuple(v.upper() for v in _split(values))
    for j in out:
        if j not in JURISDICTIONS:
            raise click.BadParameter(f"{j!r} is not one of {', '.join(JURISDICTIONS)}",
                                     param_hint="'--jurisdiction'")
    return out


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="claimcheck")
def cli() -> None:
    """Find claims in marketing copy that a regulator or compliance reviewer would stop.

    \b
    Examples:
      claimcheck check page.md                 check one page
      claimcheck check site/ --fail-on warning  gate a whole site in CI
      cat draft.txt | claimcheck check -       check text from standard input
      claimcheck check --format json pages/    machine-readable findings
      claimcheck rules list --category absolute
      claimcheck explain absolute/permanent

    Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage, config or
    input error.
    """


def _rule_folders(config, extra) -> list[Path]:
    from claimcheck.ruleset import builtin_rules_dir

    return [builtin_rules_dir(), *config.extra_rules, *(Path(p) for p in extra)]


def _load_config(config_path: str | None, no_config: bool):
    from claimcheck.config import Config, find_config, load_config

    if no_config:
        return Config()
    if config_path:
        return load_config(Path(config_path))
    found = find_config(Path.cwd())
    return load_config(found) if found else Config()


def _options(*decorators):
    """Apply option decorators in the order written (click applies them bottom-up)."""
    def apply(f):
        for d in reversed(decorators):
            f = d(f)
        return f
    return apply


# Options that decide which files are read and which rules run: shared by `check` and
# `baseline create`, so a baseline is made exactly as the gate will check.
_LINT_OPTIONS = _options(
    click.argument("paths", nargs=-1, type=click.Path()),
    click.option("-j", "--jurisdiction", multiple=True, metavar="CODE",
                 help="Jurisdiction(s) whose rules apply: US, UK, EU, AU, CA. Repeat or "
                 "comma-separate. Jurisdiction-neutral rules always run."),
    click.option("--select", multiple=True, metavar="RULE",
                 help="Only run these rules: a category (absolute), a rule id "
                 "(absolute/permanent) or an id prefix (absolute/). Repeatable."),
    click.option("--ignore", multiple=True, metavar="RULE",
                 help="Skip these rules (same forms as --select)."),
    click.option("--include", multiple=True, metavar="GLOB",
                 help="Files to check when walking folders (default: *.md *.markdown *.txt *.html "
                 "*.htm)."),
    click.option("--exclude", multiple=True, metavar="GLOB",
                 help="Files or folders to skip when walking folders."),
    click.option("--encoding", metavar="NAME",
                 help="Decode inputs with this encoding instead of detecting UTF-8/UTF-16 by BOM."),
    click.option("--rules", "extra_rules", multiple=True, type=click.Path(file_okay=False),
                 metavar="DIR", help="Extra folder of rule YAML files (overrides built-in ids)."),
    click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Use this config file instead of searching for .claimcheck.yaml / "
                 "pyproject.toml."),
    click.option("--no-config", is_flag=True, help="Ignore any config file."),
    click.option("--jobs", type=click.IntRange(min=0), default=0, metavar="N",
                 help="Worker processes for large runs (default 0: one per CPU)."),
    click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR",
                 help="Where to keep the rules and results caches (default: "
                 "$CLAIMCHECK_CACHE_DIR or ~/.cache/claimcheck)."),
    click.option("--no-cache", is_flag=True,
                 help="Neither read nor write the caches (compiled rules, per-file results)."),
    click.option("--no-progress", is_flag=True,
                 help="No progress bar (it is shown only on a terminal, for long runs, in text "
                 "formats)."),
)

# Runs over at least this many files show a progress bar on a terminal.
PROGRESS_MIN_FILES = 50


@cli.command(context_settings=CONTEXT)
@_LINT_OPTIONS
@click.option("--format", "fmt", type=click.Choice(["text", "concise", "json", "github", "sarif", "junit"]),
              default="text", show_default=True, help="Output format: text for people, concise for one "
              "line a finding, json for machines, github for GitHub Actions annotations, sarif for "
              "code-scanning tools (SARIF 2.1.0), junit for CI test reports.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1.  [default: error]")
@click.option("--stdin-filename", metavar="NAME",
              help="Name (and so format, by extension) for text read from '-'.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Hide findings recorded in this baseline file (see 'claimcheck baseline create').")
@click.option("--register", "register_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Approved-claims register: findings matching an approved claim are reported as "
              "substantiated, not as violations.")
@click.option("--fix", is_flag=True, help="Apply safe suggested replacements in place (atomically), "
              "then report what remains. With '-', print the fixed text.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff, also apply replacements that may change the meaning.")
@click.option("--diff", is_flag=True, help="Print the changes --fix would make as a unified diff; "
              "write nothing. Exit code 1 when there is something to fix.")
@click.option("--report-unused-suppressions", is_flag=True,
              help="Report claimcheck-disable comments that suppress nothing.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal, "
              "unless NO_COLOR is set).")
@click.option("-v", "--verbose", is_flag=True,
              help="Show each finding's reason and source, and substantiated claims.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when there are no findings.")
def check(fmt, fail_on, stdin_filename, baseline_path, register_path, fix, unsafe_fixes, diff,
          report_unused_suppressions, color, verbose, quiet, **lint):
    """Check files, folders or standard input ('-') for risky claims.

    Folders are walked recursively for Markdown, text and HTML files. Each finding is
    printed as path:line:column, its severity, the rule id and a message, followed by
    the offending text and a suggested rewording.

    \b
    Examples:
      claimcheck check pages/hifu.md
      claimcheck check site/ --jurisdiction UK --fail-on warning
      claimcheck check --select absolute --ignore absolute/painless drafts/
      claimcheck check - --stdin-filename draft.md < draft.md
      claimcheck check site/ --baseline .claimcheck-baseline.json --format sarif
      claimcheck check --diff pages/          preview the safe rewordings
      claimcheck check --fix pages/           apply them
    """
    from claimcheck.findings import SEVERITY_RANK
    from claimcheck.reporters import ReportOptions, RunResult, render

    if diff and fix:
        raise click.UsageError("--fix and --diff cannot be combined: --diff shows what --fix "
                               "would change")
    fixing = fix or diff
    run = _LintRun(lint, stdin_filename=stdin_filename,
                   show_progress=fmt in ("text", "concise") and not quiet and not fixing)
    filters = _Filters(run, baseline_path, register_path)
    fixed = None
    if fixing:
        fixed = _fix(run, filters, unsafe_fixes, write=fix)
        findings, substantiated, expired, baselined = fixed.findings, [], {}, 0
    else:
        findings, substantiated, expired, baselined = filters.apply(
            run.findings(include_unused=report_unused_suppressions))

    for exc in run.errors:
        click.echo(f"claimcheck: error: {exc}", err=True)
    if diff:
        click.echo(fixed.diff, nl=False)
        click.echo(f"Would fix {_count(fixed.edits, 'finding')} in {_count(fixed.files, 'file')}.",
                   err=True)
        sys.exit(EXIT_ERROR if run.errors else EXIT_FINDINGS if fixed.edits else EXIT_OK)
    # Fixed text from standard input goes to stdout, so the report goes to stderr.
    to_stderr = fixed is not None and fixed.stdout is not None
    if color is None:
        stream = sys.stderr if to_stderr else sys.stdout
        color = fmt in ("text", "concise") and stream.isatty() and not os.environ.get("NO_COLOR")
    result = RunResult(files=run.file_count, findings=findings, errors=run.errors, rules=run.rules,
                       substantiated=substantiated, expired=expired, baselined=baselined,
                       grades=run.grades, grade_formula=(run.linter.grade_settings or ("",))[0])
    options = ReportOptions(format=fmt, color=bool(color), verbose=verbose, quiet=quiet,
                            sources=run.sources)
    if to_stderr:
        sys.stdout.buffer.write(fixed.stdout)
        sys.stdout.flush()
    click.echo(render(result, options), nl=False, color=bool(color), err=to_stderr)
    if fixed is not None and fixed.edits:
        click.echo(f"Fixed {_count(fixed.edits, 'finding')} in {_count(fixed.files, 'file')}.",
                   err=True)
    if run.errors:
        sys.exit(EXIT_ERROR)
    fail_on = fail_on or run.config.fail_on or "error"
    threshold = SEVERITY_RANK.get(fail_on, 99)
    sys.exit(EXIT_FINDINGS if any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
             else EXIT_OK)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class _Filters:
    """What stands between a rule's hit and the report: per-file ignores, the approved-claims
    register and the baseline (inline suppressions are applied per file by the runner)."""

    def __init__(self, run: _LintRun, baseline_path: str | None, register_path: str | None):
        self.run = run
        self.register = self.baseline = None
        register_file = register_path or run.config.register
        if register_file:
            from claimcheck.register import load_register

            self.register = load_register(Path(register_file))
        baseline_file = baseline_path or run.config.baseline
        if baseline_file:
            from claimcheck.baseline import load_baseline

            self.baseline = load_baseline(Path(baseline_file))

    def apply(self, findings: list) -> tuple[list, list, dict, int]:
        """(violations, substantiated findings, id -> expired approval, baselined count)."""
        import datetime

        if self.run.config.per_file_ignores:
            findings = _apply_per_file_ignores(findings, self.run.config.per_file_ignores,
                                               self.run.config.path)
        substantiated, expired, baselined = [], {}, 0
        if self.register is not None:
            findings, covered, old = self.register.partition(findings, self.run.jurisdictions,
                                                             datetime.date.today())
            for f, info in covered:
                f.substantiated = info
                substantiated.append(f)
            expired = {id(f): info for f, info in old}
        if self.baseline is not None:
            findings, baselined = self.baseline.filter(findings)
        return findings, substantiated, expired, baselined


class _FixOutcome:
    """Totals of a --fix or --diff run."""

    def __init__(self):
        self.findings: list = []
        self.edits = self.files = 0
        self.diff = ""
        self.stdout: bytes | None = None


def _fix(run: _LintRun, filters: _Filters, unsafe: bool, write: bool) -> _FixOutcome:
    """Apply (write) or show (diff) the replacements of every input's reportable findings.

    Only findings that would be reported are fixed: a suppressed, substantiated or
    baselined claim is left as written. A file that cannot be written is an error for
    that file; the others are still fixed.
    """
    from claimcheck.errors import InputError
    from claimcheck.fixer import encode_source, fix_text, unified_diff, write_atomic
    from claimcheck.runner import lint_source

    class Reportable:
        @staticmethod
        def check_text(path, text, fmt=None):
            return filters.apply(lint_source(run.linter, path, text, run.all_rules)[0])[0]

    out = _FixOutcome()
    for path, read in run.inputs():
        try:
            src = read()
        except InputError as exc:
            run.errors.append(exc)
            continue
        result = fix_text(path, src.text, Reportable, unsafe=unsafe)
        if not result.converged:
            click.echo(f"claimcheck: warning: {path}: fixes did not settle after {result.passes} "
                       "passes; review the result", err=True)
        remaining, text = result.remaining, result.text
        is_stdin = run.use_stdin and out.stdout is None and path == (run.stdin_filename or "<stdin>")
        try:
            if not write:
                out.diff += unified_diff(path, src.text, result.text)
            elif is_stdin:
                out.stdout = b""  # stdin is answered even when encoding fails below
                out.stdout = encode_source(result.text, src, path)
            elif result.changed:
                write_atomic(path, result.text, src)
        except InputError as exc:  # nothing written: report the file as it still is
            run.errors.append(exc)
            remaining, text = Reportable.check_text(path, src.text), src.text
        else:
            if result.changed:
                out.edits += result.edits
                out.files += 1
        out.findings.extend(remaining)
        run.sources[path] = text
    return out


class _LintRun:
    """One lint of the command line's paths with its config: the shared core of check and baseline."""

    def __init__(self, lint: dict, stdin_filename: str | None = None, show_progress: bool = False):
        from claimcheck.engine import Linter
        from claimcheck.ruleset import load_lexicon, load_rules, select_rules

        self.config = config = _load_config(lint["config_path"], lint["no_config"])
        self.jurisdictions = _jurisdictions(lint["jurisdiction"]) or _jurisdictions(config.jurisdiction)
        self.use_cache = not lint["no_cache"]
        self.cache_root = Path(lint["cache_dir"]) if lint["cache_dir"] else config.cache_dir
        folders = _rule_folders(config, lint["extra_rules"])
        all_rules = load_rules(folders, use_cache=self.use_cache, cache_root=self.cache_root)
        self.rules = select_rules(all_rules, _split(lint["select"]) or config.select,
                                  _split(lint["ignore"]) or config.ignore, self.jurisdictions,
                                  config.severity)
        self.all_rules = all_rules
        self.linter = Linter(self.rules, load_lexicon(folders, use_cache=self.use_cache,
                                                      cache_root=self.cache_root))
        self.lint = lint
        self.stdin_filename = stdin_filename
        self.show_progress = show_progress and not lint["no_progress"]
        paths = list(lint["paths"]) or ["."]
        self.use_stdin = "-" in paths
        self.files, self.errors = _discover([p for p in paths if p != "-"], lint, config)
        self.file_count = len(self.files) + self.use_stdin
        self.sources: dict[str, str] = {}
        self.grades: dict[str, float] = {}  # path -> document reading grade
        if self.linter.grade_settings is not None:
            from claimcheck.readability import configure_cache

            configure_cache(self.use_cache, self.cache_root)

    def inputs(self):
        """(path, read) pairs: standard input first, then the files."""
        from claimcheck.sourcefile import decode, read_source

        encoding = self.lint["encoding"]
        if self.use_stdin:
            name = self.stdin_filename or "<stdin>"
            yield name, lambda: decode(sys.stdin.buffer.read(), name, encoding)
        for path in self.files:
            yield path, (lambda p=path: read_source(p, encoding))

    def results(self):
        """Every input's FileResult, linted with the cache and worker processes as configured."""
        from claimcheck.caching import cache_dir
        from claimcheck.ruleset import rules_fingerprint
        from claimcheck.runner import ResultCache, default_jobs, fingerprint, run_files

        cache = None
        if self.use_cache:
            lexicon = self.linter.lexicon
            key = fingerprint(rules_fingerprint(self.rules), lexicon.fingerprint() if lexicon else None)
            cache = ResultCache(cache_dir(self.cache_root), key)
        jobs = self.lint["jobs"] or default_jobs()
        if self.show_progress and self.file_count >= PROGRESS_MIN_FILES and sys.stderr.isatty():
            with click.progressbar(length=self.file_count, label="Checking", file=sys.stderr,
                                   show_pos=True) as bar:
                results = run_files(self.inputs(), self.linter, jobs=jobs, cache=cache,
                                    progress=bar.update, known=self.all_rules)
        else:
            results = run_files(self.inputs(), self.linter, jobs=jobs, cache=cache,
                                known=self.all_rules)
        for r in results:
            for warning in r.warnings:
                click.echo(f"claimcheck: warning: {warning}", err=True)
            if r.grade is not None:
                self.grades[r.path] = r.grade
            if r.error is not None:
                self.errors.append(r.error)
            else:
                self.sources[r.path] = r.source.text
        return results

    def findings(self, include_unused: bool = False) -> list:
        """All findings in input order (and unused suppressions if asked)."""
        out = []
        for r in self.results():
            out.extend(r.findings)
            if include_unused:
                out.extend(r.unused)
        return out


def _discover(paths, lint, config):
    from claimcheck.discovery import discover

    return discover(paths, _split(lint["include"]) or config.include,
                    _split(lint["exclude"]) or config.exclude)


def _apply_per_file_ignores(findings, ignores: dict, config_path: Path | None) -> list:
    """Drop findings whose path (relative to the config's folder) matches a glob ignoring their rule."""
    from claimcheck.baseline import relative_path
    from claimcheck.discovery import matches
    from claimcheck.ruleset import selector_matches

    root = config_path.parent if config_path else Path.cwd()
    kept = []
    for f in findings:
        rel = relative_path(f.path, root)
        if not any(matches(rel, [glob]) and any(selector_matches(s, f.rule, f.category) for s in sels)
                   for glob, sels in ignores.items()):
            kept.append(f)
    return kept


@cli.group(cls=Group, context_settings=CONTEXT)
def baseline() -> None:
    """Record today's findings so a gate fails only on new ones.

    \b
    Adopt claimcheck on a legacy site in two steps:
      claimcheck baseline create site/            writes .claimcheck-baseline.json
      claimcheck check site/ --baseline .claimcheck-baseline.json
    Entries are keyed on rule, path, matched text and sentence, not line numbers,
    so edits elsewhere in a page do not bring old findings back.
    """


@baseline.command("create", context_settings=CONTEXT)
@_LINT_OPTIONS
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Baseline file to write (default: .claimcheck-baseline.json, or the config's "
              "'baseline').")
def baseline_create(output, **lint):
    """Write a baseline of the current findings of PATHS (same options as check)."""
    from claimcheck.baseline import DEFAULT_NAME, baseline_json
    from claimcheck.caching import write_cache

    run = _LintRun(lint, show_progress=True)
    findings = run.findings()
    for exc in run.errors:
        click.echo(f"claimcheck: error: {exc}", err=True)
    if run.errors:
        raise ClaimcheckError("baseline not written: some inputs could not be read")
    target = Path(output or run.config.baseline or DEFAULT_NAME)
    text = baseline_json(findings, target.resolve().parent)
    write_cache(target, text.encode("utf-8"))
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        raise ClaimcheckError("could not write the baseline file", str(target))
    click.echo(f"Wrote {len(findings)} finding{'s' if len(findings) != 1 else ''} from "
               f"{run.file_count} file{'s' if run.file_count != 1 else ''} to {target}", err=True)


@cli.group(cls=Group, context_settings=CONTEXT)
def rules() -> None:
    """List rules and run their built-in examples."""


@rules.command("list", context_settings=CONTEXT)
@click.option("--category", multiple=True, help="Only rules of this category (repeatable).")
@click.option("-j", "--jurisdiction", multiple=True, metavar="CODE",
              help="Only rules that apply in this jurisdiction (neutral rules included).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Also list rules from this folder.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE")
@click.option("--no-config", is_flag=True)
def rules_list(category, jurisdiction, fmt, extra_rules, config_path, no_config):
    """List the rules with their category, severity and jurisdictions."""
    import json

    from claimcheck.ruleset import CATEGORIES, load_rules

    for c in _split(category):
        if c not in CATEGORIES:
            raise click.BadParameter(f"{c!r} is not one of {', '.join(CATEGORIES)}",
                                     param_hint="'--category'")
    config = _load_config(config_path, no_config)
    wanted = _jurisdictions(jurisdiction)
    rows = [r for r in load_rules(_rule_folders(config, extra_rules))
            if (not category or r.category in _split(category))
            and (not wanted or r.applies_to(wanted))]
    rows.sort(key=lambda r: r.id)
    if fmt == "json":
        click.echo(json.dumps([{
            "id": r.id, "category": r.category, "severity": r.severity, "kind": r.kind,
            "jurisdictions": list(r.jurisdictions), "description": r.description,
            "enabled": r.enabled} for r in rows], indent=2))
        return
    width = max([len(r.id) for r in rows] + [4])
    click.echo(f"{'RULE':<{width}}  {'CATEGORY':<13} {'SEVERITY':<8} {'WHERE':<10} DESCRIPTION")
    for r in rows:
        where = ",".join(r.jurisdictions)
        click.echo(f"{r.id:<{width}}  {r.category:<13} {r.severity:<8} {where:<10} "
                   f"{r.description or r.message}")
    click.echo(f"\n{len(rows)} rules")


@rules.command("test", context_settings=CONTEXT)
@click.argument("folders", nargs=-1, type=click.Path(file_okay=False, exists=True))
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only failures.")
def rules_test(folders, verbose):
    """Run every rule's examples: 'flag' ones must be flagged, 'pass' ones must not.

    With no FOLDERS, tests the built-in rules. Exit code 1 when an example fails.
    """
    from claimcheck.ruleset import builtin_rules_dir, load_lexicon, load_rules
    from claimcheck.ruletest import run_examples

    dirs = [Path(f) for f in folders] or [builtin_rules_dir()]
    lexicon = load_lexicon([builtin_rules_dir(), *dirs], use_cache=False)
    failures = total = 0
    for rule in sorted(load_rules(dirs, use_cache=False), key=lambda r: r.id):
        for outcome in run_examples(rule, lexicon):
            total += 1
            if not outcome.ok:
                failures += 1
                click.echo(f"FAIL {rule.path}: {rule.id}: {outcome.expected} example "
                           f"{outcome.text!r}: {outcome.detail}")
            elif verbose:
                click.echo(f"ok   {rule.id}: {outcome.expected} {outcome.text!r}")
    if failures:
        click.echo(f"{failures} of {total} examples failed")
        sys.exit(EXIT_FINDINGS)
    click.echo(f"All {total} examples passed")


@rules.command("doc", context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE (atomically) instead of standard output.")
def rules_doc(output):
    """Print the rule reference (docs/rules.md) generated from the built-in rule YAML."""
    from claimcheck.caching import write_cache
    from claimcheck.ruledoc import rules_markdown
    from claimcheck.ruleset import builtin_rules_dir, load_rules

    text = rules_markdown(load_rules([builtin_rules_dir()], use_cache=False))
    if output is None:
        click.echo(text, nl=False)
        return
    path = Path(output)
    write_cache(path, text.encode("utf-8"))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        raise ClaimcheckError("could not write the file", output)


@cli.command(context_settings=CONTEXT)
@click.argument("rule_id", metavar="RULE")
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(file_okay=False), metavar="DIR")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE")
@click.option("--no-config", is_flag=True)
def explain(rule_id, extra_rules, config_path, no_config):
    """Explain a rule: what it flags, why, its source, suggestions and examples."""
    from claimcheck.ruledoc import explain_text
    from claimcheck.ruleset import load_rules
    from claimcheck.yamlio import did_you_mean

    config = _load_config(config_path, no_config)
    by_id = {r.id: r for r in load_rules(_rule_folders(config, extra_rules))}
    rule = by_id.get(rule_id)
    if rule is None:
        raise ClaimcheckError(f"no rule {rule_id!r}{did_you_mean(rule_id, by_id)}; "
                              "see 'claimcheck rules list'")
    click.echo(explain_text(rule))


def main() -> None:
    """Console entry point: never a traceback, whatever happens."""
    try:
        cli.main(prog_name="claimcheck")
    except KeyboardInterrupt:
        click.echo("claimcheck: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_FINDINGS)
    except Exception as exc:  # a bug: say so in one line, not a traceback
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        click.echo(f"claimcheck: internal error: {type(exc).__name__}: {exc} "
                   "(set CLAIMCHECK_DEBUG=1 for a traceback and please report it)", err=True)
        sys.exit(EXIT_ERROR)
