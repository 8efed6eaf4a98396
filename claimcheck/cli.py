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


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "concise", "json", "github", "sarif", "junit"]),
              default="text", show_default=True, help="Output format: text for people, concise for one "
              "line a finding, json for machines, github for GitHub Actions annotations, sarif for "
              "code-scanning tools (SARIF 2.1.0), junit for CI test reports.")
@click.option("-j", "--jurisdiction", multiple=True, metavar="CODE",
              help="Jurisdiction(s) whose rules apply: US, UK, EU, AU, CA. Repeat or "
              "comma-separate. Jurisdiction-neutral rules always run.")
@click.option("--select", multiple=True, metavar="RULE",
              help="Only run these rules: a category (absolute), a rule id "
              "(absolute/permanent) or an id prefix (absolute/). Repeatable.")
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules (same forms as --select).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1.  [default: error]")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Files to check when walking folders (default: *.md *.markdown *.txt *.html *.htm).")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Files or folders to skip when walking folders.")
@click.option("--stdin-filename", metavar="NAME",
              help="Name (and so format, by extension) for text read from '-'.")
@click.option("--encoding", metavar="NAME",
              help="Decode inputs with this encoding instead of detecting UTF-8/UTF-16 by BOM.")
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Extra folder of rule YAML files (overrides built-in ids).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Use this config file instead of searching for .claimcheck.yaml / pyproject.toml.")
@click.option("--no-config", is_flag=True, help="Ignore any config file.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal, "
              "unless NO_COLOR is set).")
@click.option("-v", "--verbose", is_flag=True, help="Show each finding's reason and source.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when there are no findings.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the compiled-rules cache.")
def check(paths, fmt, jurisdiction, select, ignore, fail_on, include, exclude, stdin_filename,
          encoding, extra_rules, config_path, no_config, color, verbose, quiet, no_cache):
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
    """
    from claimcheck.discovery import discover
    from claimcheck.engine import Linter
    from claimcheck.errors import InputError
    from claimcheck.findings import SEVERITY_RANK
    from claimcheck.reporters import ReportOptions, RunResult, render
    from claimcheck.ruleset import load_lexicon, load_rules, select_rules
    from claimcheck.sourcefile import decode, read_source

    config = _load_config(config_path, no_config)
    jurisdictions = _jurisdictions(jurisdiction) or _jurisdictions(config.jurisdiction)
    folders = _rule_folders(config, extra_rules)
    rules = load_rules(folders, use_cache=not no_cache)
    rules = select_rules(rules, _split(select) or config.select, _split(ignore) or config.ignore,
                         jurisdictions, config.severity)
    linter = Linter(rules, load_lexicon(folders, use_cache=not no_cache))
    fail_on = fail_on or config.fail_on or "error"

    paths = list(paths) or ["."]
    use_stdin = "-" in paths
    files, errors = discover([p for p in paths if p != "-"], _split(include) or config.include,
                             _split(exclude) or config.exclude)
    findings, sources = [], {}

    def lint(name: str, read):
        try:
            src = read()
        except InputError as exc:
            errors.append(exc)
            return
        sources[name] = src.text
        findings.extend(linter.check_text(name, src.text))

    if use_stdin:
        name = stdin_filename or "<stdin>"
        lint(name, lambda: decode(sys.stdin.buffer.read(), name, encoding))
    for path in files:
        lint(path, lambda p=path: read_source(p, encoding))

    for exc in errors:
        click.echo(f"claimcheck: error: {exc}", err=True)
    if color is None:
        color = fmt in ("text", "concise") and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    result = RunResult(files=len(files) + use_stdin, findings=findings, errors=errors, rules=rules)
    options = ReportOptions(format=fmt, color=bool(color), verbose=verbose, quiet=quiet,
                            sources=sources)
    click.echo(render(result, options), nl=False, color=bool(color))
    if errors:
        sys.exit(EXIT_ERROR)
    threshold = SEVERITY_RANK.get(fail_on, 99)
    sys.exit(EXIT_FINDINGS if any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
             else EXIT_OK)


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
    from claimcheck.ruledoc import rules_markdown
    from claimcheck.ruleset import builtin_rules_dir, load_rules, write_cache

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
