"""`govinspect profile`: list and show the indicator profiles."""

from __future__ import annotations

from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    check_profile,
    console,
    group,
)

profile_app = group(help="检查指标画像（全国指标及地方细则）。")
app.add_typer(profile_app, name="profile")


@profile_app.command("show")
def profile_show_cmd(
    name: Annotated[str, typer.Argument(help="画像名称，如 national-2019、nanyang-2023")],
) -> None:
    """显示一个检查指标画像的生效规则（含继承的全国指标）。"""
    from govinspect.scoring import profile_show

    console.print(profile_show(check_profile(name)), highlight=False)


@profile_app.command("list")
def profile_list_cmd() -> None:
    """列出内置的检查指标画像。"""
    from govinspect.rules import available_profiles

    for p in available_profiles():
        console.print(p)
