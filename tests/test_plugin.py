"""The portaal MkDocs plugin without a full build: entry point, options, events one by one."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from portaal.core.settings import SettingsError
from portaal.site.config import PortaalConfig, settings_from
from portaal.site.plugin import PortaalPlugin
from portaal.site.views import PolicyView
from tests.helpers import environment, make_project


def test_mkdocs_and_properdocs_find_the_plugin_by_its_entry_point() -> None:
    from mkdocs.plugins import get_plugins
    from properdocs.plugins import get_plugins as get_properdocs_plugins

    assert get_plugins()["portaal"].load() is PortaalPlugin
    # ProperDocs reads the same `mkdocs.plugins` group (and loads mkdocs.* as properdocs.*)
    assert get_properdocs_plugins()["portaal"].value == "portaal.site.plugin:PortaalPlugin"


def validated(**options: Any) -> tuple[PortaalConfig, list[tuple[str, str]]]:
    config = PortaalConfig()
    config.load_dict(options)
    errors, _warnings = config.validate()
    return config, [(name, str(error)) for name, error in errors]


def test_options_have_the_documented_defaults() -> None:
    config, errors = validated()
    assert errors == []
    assert (config.policies_dir, config.due_soon_days, config.preview, config.archive) == ("policies", 60, False, True)


@pytest.mark.parametrize(("options", "expected"), [
    # a negative number of days
    ({"due_soon_days": -1}, ("due_soon_days", "verwacht een aantal dagen (0 tot 3650), gevonden het getal -1")),
    # YAML's `yes` is a boolean, not a number of days
    ({"due_soon_days": True}, ("due_soon_days", "verwacht een aantal dagen (0 tot 3650), gevonden 'true' (ja/nee)")),
    # a word where true/false belongs
    ({"preview": "ja"}, ("preview", "verwacht true of false, gevonden 'ja'")),
    ({"archive": 1}, ("archive", "verwacht true of false, gevonden het getal 1")),
    # an empty folder name
    ({"policies_dir": ""}, ("policies_dir", "verwacht de naam van een map, gevonden ''")),
])
def test_a_wrong_option_is_named_in_dutch(options: dict[str, Any], expected: tuple[str, str]) -> None:
    _config, errors = validated(**options)
    assert errors == [expected]  # MkDocs prints these as "Plugin 'portaal' option '…': …"


def test_the_environment_overrides_the_options(tmp_path: Path) -> None:
    config, _ = validated(preview=False, due_soon_days=30, policies_dir="beleid")
    environ = {"PORTAAL_PREVIEW": "ja", "PORTAAL_TODAY": "2026-02-28", "PORTAAL_SITE_URL": "https://portaal.example"}
    settings = settings_from(config, tmp_path, environ, lambda: pytest.fail("the clock is not read"))
    assert settings.preview is True
    assert str(settings.today) == "2026-02-28"
    assert settings.site_url == "https://portaal.example/"
    assert settings.due_soon_days == 30
    assert settings.policies_dir == tmp_path / "beleid"
    with pytest.raises(SettingsError, match="PORTAAL_TODAY: verwacht een datum als 2026-06-30, gevonden 'morgen'"):
        settings_from(config, tmp_path, {"PORTAAL_TODAY": "morgen"}, lambda: pytest.fail("not read"))


def loaded(project: Path, command: Literal["build", "serve"] = "serve") -> tuple[Any, PortaalPlugin]:
    """The project's config through the plugins' on_startup and on_config (`serve`: no staging folder)."""
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["portaal"]
    assert isinstance(plugin, PortaalPlugin)
    config.plugins.on_startup(command=command, dirty=False)
    return config.plugins.on_config(config), plugin


def test_the_policy_view_reaches_the_template_context_not_the_front_matter(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"doc": {"summary": "Wat dit document regelt."}})
    with environment(PORTAAL_TODAY="2026-11-28", NO_MKDOCS_2_WARNING="1"):
        config, plugin = loaded(project)
        files = config.plugins.on_files(get_files(config), config=config)
    page = Page(None, files.get_file_from_path("beleid/doc.md"), config)
    plugin.on_page_markdown("", page=page, config=config, files=files)
    context = plugin.on_page_context({}, page=page, config=config, nav=None)  # type: ignore[arg-type,typeddict-item]
    view = context["portaal_policy"]  # type: ignore[typeddict-item]
    assert isinstance(view, PolicyView) and view.id == "doc" and view.summary == "Wat dit document regelt."
    assert context["portaal_search"] is not None  # type: ignore[typeddict-item]
    assert page.meta == {"description": "Wat dit document regelt."}  # Material's own field; nothing of ours

    other = Page(None, files.get_file_from_path("index.md"), config)
    context = plugin.on_page_context({}, page=other, config=config, nav=None)  # type: ignore[arg-type,typeddict-item]
    assert "portaal_policy" not in context


def test_settings_left_under_extra_stop_the_build_with_a_dutch_message(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(
        "extra:\n", "extra:\n  portaal:\n    due_soon_days: 30\n", 1), encoding="utf-8")
    with environment(NO_MKDOCS_2_WARNING="1"), pytest.raises(PluginError) as raised:
        loaded(project)
    assert str(raised.value) == ("mkdocs.yml: extra.portaal: de instellingen van het portaal staan nu onder "
                                 "'plugins:', als '- portaal:' met dezelfde namen (policies_dir, due_soon_days, "
                                 "preview, archive); verplaats ze")


def test_a_build_error_gives_up_the_staging_folder_and_the_lock(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with environment(PORTAAL_TODAY="2026-11-28", NO_MKDOCS_2_WARNING="1"):
        config, plugin = loaded(project, command="build")
    staged = Path(config.site_dir)
    assert staged.is_dir() and plugin.claim is not None
    plugin.on_build_error(error=RuntimeError("stuk"))
    assert plugin.claim is None and not staged.exists()
    assert not (project / "site").exists()
