"""Deployment config parsing, the circuit breaker's states, cache-salt body rewriting."""

from __future__ import annotations

import json

import pytest

from gateway.routing.breaker import CircuitBreaker
from gateway.routing.cache_salt import CacheSalter
from gateway.routing.deployment import (
    DeploymentConfig,
    DeploymentConfigError,
    deployment_of,
    parse_deployment,
    replica_root,
)
from gateway.settings import ModelSettings, load_settings


def test_single_upstream_is_a_deployment_of_one() -> None:
    config = parse_deployment("models[0]", "http://h:8000/v1/")
    assert config.replicas == ("http://h:8000/v1",) and config.cache_salt
    assert deployment_of(ModelSettings(name="m", upstream="http://h:8000/v1")).replicas == ("http://h:8000/v1",)


def test_replicas_and_routing_options() -> None:
    config = parse_deployment("models[1]", None, ["http://a:8000/v1", "http://b:8000/v1"],
                              {"max_concurrency_per_replica": 8, "sticky_by_tenant": True, "open_s": 3})
    assert config == DeploymentConfig(replicas=("http://a:8000/v1", "http://b:8000/v1"),
                                      max_concurrency_per_replica=8, sticky_by_tenant=True, open_s=3.0)
    both = parse_deployment("m", "http://a:8000/v1", ["http://b:8000/v1"])
    assert both.replicas == ("http://a:8000/v1", "http://b:8000/v1")


@pytest.mark.parametrize(("args", "message"), [
    ((None, None, None), "models\\[0\\]: 'upstream' or 'replicas' is required"),
    ((None, [], None), "replicas: expected a non-empty list"),
    ((None, ["ftp://x"], None), "replicas\\[0\\]: must be an http"),
    ((None, ["http://a/v1", "http://a/v1/"], None), "duplicate URL"),
    (("http://a/v1", None, {"max_concurrency": 3}), "unknown field\\(s\\) max_concurrency"),
    (("http://a/v1", None, {"max_attempts": 0}), "max_attempts: must be positive"),
    (("http://a/v1", None, {"sticky_by_tenant": "yes"}), "sticky_by_tenant: expected bool"),
    (("http://a/v1", None, {"failure_threshold": True}), "failure_threshold: expected int"),
    (("http://a/v1", None, [1]), "routing: expected a mapping"),
])
def test_bad_config_names_the_field(args: tuple[object, object, object], message: str) -> None:
    with pytest.raises(DeploymentConfigError, match=message):
        parse_deployment("models[0]", *args)


def test_replica_root_strips_v1() -> None:
    assert replica_root("http://h:8000/v1") == "http://h:8000"
    assert replica_root("http://h:8000") == "http://h:8000"


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_breaker_lifecycle() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=3, open_s=10, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()  # a success resets the count
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state == "closed" and breaker.allows()
    breaker.record_failure()
    assert breaker.state == "open" and not breaker.allows()
    assert breaker.seconds_until_trial() == 10
    clock.now = 10
    assert breaker.state == "half_open" and breaker.allows()
    breaker.on_attempt()
    assert not breaker.allows()  # one trial at a time
    breaker.record_neutral()  # the trial's client went away: another trial may go
    assert breaker.allows()
    breaker.on_attempt()
    breaker.record_failure()
    assert breaker.state == "open"  # a failed trial re-opens at once
    clock.now = 20
    breaker.on_attempt()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.allows()


def test_cache_salt_rewrites_json_bodies() -> None:
    salter = CacheSalter(b"k" * 16)
    body = salter.apply(b'{"model":"m","cache_salt":"mine"}', "7")
    assert json.loads(body)["cache_salt"] == salter.salt("7")
    assert json.loads(salter.apply(b"{}", "7")) == {"cache_salt": salter.salt("7")}
    with pytest.raises(ValueError, match="not a JSON object"):
        salter.apply(b"[1]", "7")
    with pytest.raises(ValueError, match="16 bytes"):
        CacheSalter(b"short")
    secret = load_settings(environ={"SLUICE_CACHE_SALT_SECRET": "x" * 20}).routing.cache_salt_secret
    assert CacheSalter.from_secret(secret).salt("1") == CacheSalter(b"x" * 20).salt("1")
    assert CacheSalter.from_secret(None).salt("1") != CacheSalter.from_secret(None).salt("1")  # random per process
