"""Runtime profiles are read once, at start-up: a profile a model names but that cannot be
loaded stops the gateway with the field named (it used to be a 400 on each FIM request)."""

from __future__ import annotations

import pytest

from gateway.app import create_app
from gateway.runtime_profiles import RuntimeProfiles
from gateway.settings import ConfigError, ModelSettings, Settings

FIM = ModelSettings(name="fim", upstream="http://127.0.0.1:9/v1", profile="codellama-7b")
PLAIN = ModelSettings(name="plain", upstream="http://127.0.0.1:9/v1")


def test_profiles_are_loaded_once_for_the_models_that_name_them() -> None:
    profiles = RuntimeProfiles.load([PLAIN, FIM, FIM])
    profile = profiles.for_model(FIM)
    assert profile is not None and profile.fim is not None and profile.fim.eot == "<EOT>"
    assert profiles.for_model(PLAIN) is None


def test_an_unknown_profile_stops_start_up_naming_the_field() -> None:
    typo = ModelSettings(name="typo", upstream="http://127.0.0.1:9/v1", profile="codelama-7b")
    with pytest.raises(ConfigError, match=r"^models\[1\]\.profile: unknown profile 'codelama-7b'"):
        create_app(Settings(models=(PLAIN, typo)))
