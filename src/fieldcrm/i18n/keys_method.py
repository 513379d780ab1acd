"""What the keys of the method's records do (tui.keys ids): the stage work and record panes, a
forces review and a counter-plan, the agenda's review sections, pauses and choices."""

EN = {
    "key.account.work": "Stage work",
    "key.account.work.long": "Show the stage work pane: deal probability and path, proposal points, material, closing steps",
    "key.account.record": "Record",
    "key.account.record.long": "Show the account's record: everything that happened, newest first",
    "key.account.review": "Review forces",
    "key.account.review.long": "Keep today's forces at the account (net support, penetration) with a note",
    "key.account.counter": "Counter-plan",
    "key.account.counter.long": "A counter-plan for the selected opponent, with a next step on the agenda",
    "key.agenda.section_8": "Section 8",
    "key.agenda.section_9": "Section 9",
    "key.pause.save": "Pause",
    "key.choice.1": "Choice 1",
    "key.choice.2": "Choice 2",
    "key.choice.3": "Choice 3",
    "key.choice.4": "Choice 4",
    "key.choice.5": "Choice 5",
}

ZH = {
    "key.account.work": "阶段工作",
    "key.account.work.long": "显示阶段工作：成交概率与路径、方案优势、所送资料、促成步骤",
    "key.account.record": "时间线",
    "key.account.record.long": "显示客户时间线：发生的一切，最新在前",
    "key.account.review": "评估力量",
    "key.account.review.long": "保存今天的力量对比（净支持度、渗透程度）及备注",
    "key.account.counter": "化解计划",
    "key.account.counter.long": "为所选反对者制定化解计划，下一步进入日程",
    "key.agenda.section_8": "第 8 栏",
    "key.agenda.section_9": "第 9 栏",
    "key.pause.save": "暂缓",
    "key.choice.1": "选项 1",
    "key.choice.2": "选项 2",
    "key.choice.3": "选项 3",
    "key.choice.4": "选项 4",
    "key.choice.5": "选项 5",
}
