"""The model_runtime profiles (FIM tokens, context length) the configured models name,
read from disk once at start-up: a missing or broken profile stops the gateway with the
model's field named, instead of answering 400 on every fill-in-the-middle request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gateway.settings import ConfigError, ModelSettings
from model_runtime.profiles import Profile, ProfileError, load_profile


class RuntimeProfiles:
    def __init__(self, profiles: Mapping[str, Profile]) -> None:
        self._profiles = dict(profiles)

    @classmethod
    def load(cls, models: Iterable[ModelSettings]) -> RuntimeProfiles:
        """Raises ConfigError naming `models[i].profile` when a named profile cannot be loaded."""
        profiles: dict[str, Profile] = {}
        for index, model in enumerate(models):
            if model.profile and model.profile not in profiles:
                try:
                    profiles[model.profile] = load_profile(model.profile)
                except ProfileError as exc:
                    raise ConfigError(f"models[{index}].profile: {exc}") from None
        return cls(profiles)

    def for_model(self, model: ModelSettings) -> Profile | None:
        """The model's profile as loaded at start-up; None when it names none."""
        return self._profiles.get(model.profile) if model.profile else None
