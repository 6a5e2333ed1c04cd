"""One or two example command lines per command, shown at the end of its `--help` (as in the README).

`add_examples` puts them in each registered command's epilog; tests/test_walkthrough.py checks that every
command has one and that each example parses with the command's own options.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "ingest": ("worth ingest interviews/ --project mijnproject.sqlite",
               "worth ingest interviews/ --codings codings.jsonl --project mijnproject.sqlite"),
    "segments": ("worth segments mijnproject.sqlite --out segmenten.csv --sep ';'",),
    "train": ("worth train mijnproject.sqlite --coder anna --out models/anna-v1",
              "worth train mijnproject.sqlite --coder anna --base models/default --out models/anna-v2"),
    "code": ("worth code mijnproject.sqlite --out gecodeerd.csv",
             "worth code nieuwe_interviews/ --model models/anna-v1 --out gecodeerd.xlsx"),
    "evaluate": ("worth evaluate mijnproject.sqlite --coder anna",
                 "worth evaluate toetsset.sqlite --coder anna --model models/anna-v1 --out evaluatie.json"),
    "suggest": ("worth suggest nieuwe_interviews/ --model models/anna-v1 --n 20 --out volgende.csv",),
    "export": ("worth export mijnproject.sqlite --out tabellen.xlsx",
               "worth export mijnproject.sqlite --out tabellen.csv --sep ';' --coder anna"),
    "report": ("worth report mijnproject.sqlite --out rapport.html --title 'Keukentafelgesprekken 2025'",),
    "agree": ("worth agree mijnproject.sqlite --coder anna --coder bert",
              "worth agree mijnproject.sqlite --coder anna --coder model:default --out overeenstemming.csv"),
    "pseudonymise": ("worth pseudonymise interviews/ --out interviews_pseudo/ --mapping ~/kluis/mapping.json",),
    "topics": ("worth topics mijnproject.sqlite --k 20 --seeded --coder anna --out topics/",
               "worth topics interviews/ --k-range 5:30:5 --out topics-verkennend/"),
    "info": ("worth info --project mijnproject.sqlite",),
    "review": ("worth review mijnproject.sqlite --coder anna",),
    "show": ("worth codebook show --format html --out codeboek.html",
             "worth codebook show --codebook mijn_codeboek.yaml"),
    "check": ("worth codebook check mijn_codeboek.yaml",),
    "convert": ("worth codebook convert export_uit_atlas.qdc --out mijn_codeboek.yaml",),
}


def _epilog(lines: tuple[str, ...]) -> str:
    # "\b" keeps click from re-wrapping the lines into one paragraph
    return "\b\nExample" + ("s" if len(lines) > 1 else "") + ":\n" + "\n".join(f"  {line}" for line in lines)


def _name(info) -> str:
    return info.name or info.callback.__name__.removeprefix("codebook_")


def add_examples(app) -> None:
    """Set the epilog of every command of `app` and of its sub-apps (codebook) that has an example."""
    infos = list(app.registered_commands)
    for group in app.registered_groups:
        infos += list(group.typer_instance.registered_commands)
    for info in infos:
        if _name(info) in EXAMPLES and not info.epilog:
            info.epilog = _epilog(EXAMPLES[_name(info)])
