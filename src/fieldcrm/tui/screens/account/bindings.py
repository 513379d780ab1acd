"""The keys of the account screen, and the panes each pane-specific action works in."""

from __future__ import annotations

from fieldcrm.tui.keys import KeySpec

PANES = ("overview", "people", "contacts", "simulation", "forces")

# the panes where an action applies; elsewhere it is hidden from the footer
WHERE = {
    "edit": ("overview", "people", "simulation"),
    "new": ("people", "contacts", "simulation"),
    "delete": ("overview", "people", "simulation"),
    "ladder": ("people",),
    "move_reason": ("simulation",),
}


def _pane(n: int, pane: str, en: str, zh: str) -> KeySpec:
    return KeySpec(
        f"account.{pane}",
        str(n),
        f"pane('{pane}')",
        en,
        zh,
        show=False,
        long_en=f"Show the {en.lower()} pane",
        long_zh=f"显示{zh}",
    )


# fmt: off
KEYS = (
    _pane(1, "overview", "Overview", "概况"),
    _pane(2, "people", "People", "人员"),
    _pane(3, "contacts", "Contacts", "联系记录"),
    _pane(4, "simulation", "Decision simulation", "决策模拟"),
    _pane(5, "forces", "Forces", "力量对比"),
    KeySpec("account.log", "l", "log_contact", "Log contact", "记录联系",
            long_en="Log a contact with its next step (from People: with the selected person)",
            long_zh="记录一次联系及下一步（在人员页：与所选人员）"),
    KeySpec("account.new", "n", "new", "Add", "新增",
            long_en="Add a person, a contact or a reason (in that pane)",
            long_zh="新增人员、联系记录或理由（在对应页）"),
    KeySpec("account.edit", "e", "edit", "Edit", "编辑",
            long_en="Edit the company information, the selected person or reason",
            long_zh="编辑公司信息、所选人员或理由"),
    KeySpec("account.delete", "x", "delete", "Delete", "删除",
            long_en="Delete the selected person or reason (on Overview: the whole account)",
            long_zh="删除所选人员或理由（在概况页：整个客户）"),
    KeySpec("account.ladder_up", "right_square_bracket", "ladder(1)", "Ladder up", "关系升级",
            key_display="]", long_en="Insider: one step up the ladder (dated today)",
            long_zh="内线：关系阶梯上升一级（记今日）"),
    KeySpec("account.ladder_down", "left_square_bracket", "ladder(-1)", "Ladder down", "关系降级",
            key_display="[", long_en="Insider: one step down the ladder (dated today)",
            long_zh="内线：关系阶梯下降一级（记今日）"),
    KeySpec("account.reason_up", "shift+up", "move_reason(-1)", "Move up", "上移",
            long_en="Move the selected reason up its list", long_zh="所选理由上移"),
    KeySpec("account.reason_down", "shift+down", "move_reason(1)", "Move down", "下移",
            long_en="Move the selected reason down its list", long_zh="所选理由下移"),
    KeySpec("account.help", "question_mark", "help", "Help", "帮助", key_display="?",
            long_en="Show every key of this screen", long_zh="显示本屏所有按键"),
    KeySpec("account.back", "escape,q", "back", "Board", "看板",
            long_en="Back to the board", long_zh="返回看板"),
)
# fmt: on
