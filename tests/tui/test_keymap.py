"""Keys remapped in config.toml: the binding ids of every screen, set with Textual's keymap."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from fieldcrm.config import ConfigError, load_keymap
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.plain import PlainTable
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.textual_private import footer_keys
from started import started

from .conftest import add_account

SIZE = (160, 48)


def test_the_keys_table_is_read_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert load_keymap(config) == {}  # no file: no remapping
    config.write_text('[keys]\n"board.next_stage" = "greater_than_sign, right_square_bracket"\n')
    assert load_keymap(config) == {"board.next_stage": "greater_than_sign,right_square_bracket"}
    for text, key in (
        ("[keys\n", "config.invalid"),
        ("keys = 3\n", "config.keys_table"),
        ('[keys]\n"board.new" = 3\n', "config.keys_value"),
        ('[keys]\n"board.new" = " "\n', "config.keys_value"),
    ):
        config.write_text(text)
        with pytest.raises(ConfigError) as caught:
            load_keymap(config)
        assert caught.value.key == key


async def test_a_remapped_key_works_and_the_screens_say_so(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Acme Packaging", 2)
    keymap = {"board.prev_stage": "b", "board.help": "f1"}
    app = FieldCRM(engine, db_path, "en", offer_demo=False, keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "b")  # back from Information to Prospect, with the new key
        with engine.connect() as conn:
            stage = conn.exec_driver_sql("SELECT stage FROM account WHERE id = ?", (account_id,)).scalar()
        assert stage == 1
        assert ("b", "Back") in [(key, text) for key, text, _, _ in footer_keys(pilot.app.screen)]
        await pilot.press("f1")
        assert isinstance(pilot.app.screen, HelpScreen)
        table = pilot.app.screen.query_one(PlainTable)
        assert "b" in [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_ids_that_do_not_exist_are_named(engine: Engine, db_path: Path) -> None:
    app = FieldCRM(engine, db_path, "en", offer_demo=False, keymap={"board.fly": "z"})
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)  # the check runs with the warm-up, after the first frame
        shown = [n.message for n in pilot.app._notifications]
        assert any("board.fly" in message for message in shown), shown


def test_a_binding_says_what_it_does_as_its_tooltip() -> None:
    from fieldcrm.tui.screens.board.keys import BOARD_KEYS

    new = next(spec for spec in BOARD_KEYS if spec.id == "board.new")
    assert new.binding("en").tooltip == "New account (into Prospect)"
    assert new.binding("zh").tooltip == "新建客户（进入确定开发对象）"


def test_a_key_means_one_thing_on_the_board_and_in_the_scoring_form() -> None:
    """The letters the board gives an account action do the same, or nothing, in the form
    the board opens for that account (p pauses, w wins, P opens the plan)."""
    from fieldcrm.tui.screens.assessment.scoring import ScoringScreen
    from fieldcrm.tui.screens.board.keys import BOARD_KEYS

    def letters(specs: object) -> dict[str, str]:
        return {k: s.action for s in specs for k in s.keys.split(",") if len(k) == 1}  # type: ignore[attr-defined]

    account = {"terminate", "pause", "won", "score", "plan", "undo"}  # what the board does to an account
    board = {k: a for k, a in letters(BOARD_KEYS).items() if a in account}
    form = letters(ScoringScreen.KEYS)
    clashes = {k: (board[k], form[k]) for k in board.keys() & form.keys() if board[k] != form[k]}
    assert clashes == {}
    assert form["P"] == board["P"] == "plan" and form["W"] == "weights"


async def test_the_palette_says_which_key_does_each_command(engine: Engine, db_path: Path) -> None:
    """Each screen command in the palette reads as what it does, with the key that does it,
    never as a binding id (and in the interface language)."""
    for lang, word in (("en", "Key: "), ("zh", "按键：")):
        app = FieldCRM(engine, db_path, lang, offer_demo=False, keymap={"board.score": "S"})
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            commands = list(app.get_system_commands(pilot.app.screen))
            ours = [c for c in commands if c.help.startswith(word)]
            assert len(ours) > 20
            assert not [c.help for c in commands if c.help.startswith("board.")]
            score = next(c for c in ours if c.title.startswith(("Value assessment", "价值评估")))
            assert score.help == f"{word}S"


async def test_the_palette_speaks_the_interface_language(engine: Engine, db_path: Path) -> None:
    """Its prompt, the app's own commands and the footer's key for it, in Chinese too."""
    from textual.command import CommandInput, CommandPalette

    from fieldcrm.tui.textual_private import footer_keys

    app = FieldCRM(engine, db_path, "zh", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert footer_keys(pilot.app.screen)[-1][:2] == ("ctrl+p", "命令")
        titles = [c.title for c in app.get_system_commands(pilot.app.screen)]
        assert {"主题", "截图", "退出", "当前字段的按键"} <= set(titles)
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & set(titles)
        await pilot.press("ctrl+p")
        assert isinstance(pilot.app.screen, CommandPalette)
        assert pilot.app.screen.query_one(CommandInput).placeholder == "搜索操作…"
