"""Every command, subcommand, option and argument of `worth` has help text, and a shared option says
what it does in each command."""

from __future__ import annotations

import typer

from toolkit.app.cli import app


def _commands():
    from typer import _click as click  # typer carries its own copy of click

    def walk(cmd, path):
        yield path, cmd
        if hasattr(cmd, "list_commands"):
            ctx = click.Context(cmd)
            for name in cmd.list_commands(ctx):
                yield from walk(cmd.get_command(ctx, name), [*path, name])

    return list(walk(typer.main.get_command(app), ["worth"]))


def test_every_command_option_and_argument_has_help() -> None:
    commands = _commands()
    assert {"ingest", "train", "review", "show", "convert"} <= {path[-1] for path, _ in commands}
    missing = [" ".join(path) for path, cmd in commands if not (cmd.help or "").strip()]
    missing += [f"{' '.join(path)} {p.opts[0] if p.opts else p.name}" for path, cmd in commands
                for p in cmd.params if p.name != "help" and not (getattr(p, "help", None) or "").strip()]
    assert not missing, missing


def test_coder_says_what_it_does_in_each_command() -> None:
    helps = {path[-1]: next(p.help for p in cmd.params if p.name == "coder")
             for path, cmd in _commands() if any(p.name == "coder" for p in cmd.params)}
    assert "learn from" in helps["train"]
    assert "learn from" not in helps["evaluate"] and "evaluate against" in helps["evaluate"]
    assert "learn from" not in helps["topics"] and "topics" in helps["topics"]
