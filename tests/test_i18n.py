"""The English and Chinese catalogs match key for key and placeholder for placeholder."""

from __future__ import annotations

import string
from collections.abc import Iterator
from importlib import import_module

import pytest

from fieldcrm import i18n
from fieldcrm.i18n import areas, catalogs, language, set_language, t

AREAS = areas()


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def test_the_catalogs_loaded_are_the_packages_modules():
    assert list(i18n.AREAS) == AREAS


def test_both_languages_have_exactly_the_same_keys():
    cats = catalogs()
    assert set(cats["en"]) == set(cats["zh"])
    assert len(cats["en"]) > 0


@pytest.mark.parametrize("area", AREAS)
def test_each_area_has_the_same_keys_in_both_languages(area):
    module = import_module(f"fieldcrm.i18n.{area}")
    assert set(module.EN) - set(module.ZH) == set(), "missing in ZH"
    assert set(module.ZH) - set(module.EN) == set(), "missing in EN"


def test_no_key_is_defined_in_two_areas():
    seen: dict[str, str] = {}
    for area in AREAS:
        for key in import_module(f"fieldcrm.i18n.{area}").EN:
            assert key not in seen, f"{key} in both {seen[key]} and {area}"
            seen[key] = area


def test_placeholders_match():
    cats = catalogs()
    for key, en in cats["en"].items():
        assert placeholders(en) == placeholders(cats["zh"][key]), key


def test_no_message_is_empty():
    for lang, cat in catalogs().items():
        for key, message in cat.items():
            assert message.strip(), (lang, key)


def test_t_formats_params_in_the_current_language():
    set_language("en")
    assert t("error.max", max=5) == "Must be at most 5."
    assert t("cli.demo.done", accounts=3, path="/x.db", seconds=1.25) == (
        "Wrote 3 demo accounts to /x.db in 1.2 s."
    )
    set_language("zh")
    assert language() == "zh"
    assert t("error.max", max=5) == "不能大于 5。"
    assert t("stance.support") == "支持"


def test_t_without_params_leaves_braces_alone():
    assert t("error.max") == "Must be at most {max}."


def test_unknown_key_gives_the_key():
    assert t("no.such.key") == "no.such.key"


def test_set_language_rejects_unknown_languages():
    set_language("zh")
    with pytest.raises(ValueError, match="fr"):
        set_language("fr")
    assert language() == "zh"


def test_catalog_is_loaded_once():
    assert catalogs() is catalogs()
    assert i18n.catalogs()["en"]["app.title"] == "fieldcrm"


def test_every_binding_has_its_texts_in_both_catalogs():
    """Each KeySpec's label (key.<id>) is in both languages; its long text, if any, too."""
    import gc
    import pkgutil

    import fieldcrm.tui
    from fieldcrm.tui.keys import KeySpec

    for module in pkgutil.walk_packages(fieldcrm.tui.__path__, "fieldcrm.tui."):
        import_module(module.name)
    specs = [o for o in gc.get_objects() if isinstance(o, KeySpec)]
    assert len({s.id for s in specs}) > 100
    cats = catalogs()
    for spec in specs:
        for lang in ("en", "zh"):
            assert cats[lang].get(f"key.{spec.id}"), (lang, spec.id)
    used = {f"key.{s.id}" for s in specs} | {f"key.{s.id}.long" for s in specs}
    assert [k for k in cats["en"] if k.startswith("key.") and k not in used] == []  # none left over
